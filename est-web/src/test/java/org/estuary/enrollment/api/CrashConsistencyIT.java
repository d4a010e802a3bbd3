package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * kill -9 under load loses nothing: clients enroll against {@code server-config/run}, the server's
 * JVM is SIGKILLed mid-run, run is started again on the same data directory, and every certificate
 * a client received must be on record with its audit row, no serial twice, and the server must
 * enroll as before. Scale with {@code -Dcrash.clients} and {@code -Dcrash.kill-after} (answers
 * received before the kill); the suite runs it small.
 */
class CrashConsistencyIT {

    @Test
    void aServerKilledUnderLoadHasRecordedEveryCertificateItAnswered() throws Exception {
        int clients = Integer.getInteger("crash.clients", 8);
        int killAfter = Integer.getInteger("crash.kill-after", 120);
        var data = ServerRun.freshDataDir("crash");
        ServerRun first = ServerRun.start(Map.of(), data);
        first.awaitOutput("Estuary is ready");
        HttpClient http = first.client();
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < killAfter * 3; i++) {
            keys.add(TestClients.ecKeyPair());
        }

        ConcurrentLinkedQueue<X509Certificate> received = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            load.submit(() -> {
                for (int i = next.getAndIncrement(); i < keys.size() && !(killed.get() && failed.get() > 0); i = next.getAndIncrement()) {
                    try {
                        HttpResponse<String> answer = http.send(first.enrollment("CN=crash-" + i, keys.get(i)),
                                HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 200) {
                            X509Certificate issued = TestClients.certificate(answer);
                            assertEquals(keys.get(i).getPublic(), issued.getPublicKey());
                            received.add(issued);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception connectionLost) {
                        failed.incrementAndGet();
                    }
                    if (received.size() >= killAfter && killed.compareAndSet(false, true)) {
                        first.serverJvm().orElseThrow().destroyForcibly();
                    }
                }
            });
        }
        load.shutdown();
        assertTrue(load.awaitTermination(300, TimeUnit.SECONDS), "the load ends once the server is gone");
        assertTrue(killed.get(), "the server was killed under load after " + received.size() + " answers");
        assertTrue(first.process.waitFor(60, TimeUnit.SECONDS), "run ends when its server dies");

        ServerRun second = ServerRun.start(Map.of(), data, first.httpsPort);
        try {
            second.awaitOutput("Estuary is ready");
            Set<String> serials = new HashSet<>();
            List<String> lost = new ArrayList<>();
            int onRecord = 0;
            for (X509Certificate certificate : received) {
                String serial = certificate.getSerialNumber().toString(16);
                assertTrue(serials.add(serial), "serial " + serial + " answered twice");
                Optional<JsonObject> record = second.certificateRecord(serial);
                if (record.isEmpty()) {
                    lost.add(serial);
                    continue;
                }
                assertEquals(1, record.get().getJsonArray("certificates").size(), serial);
                JsonObject only = record.get().getJsonArray("certificates").getJsonObject(0);
                assertEquals("ISSUED", only.getString("status"));
                assertEquals("[\"est_simple_enroll_success\"]", only.getJsonArray("audit_actions").toString(), serial);
                onRecord++;
            }
            assertEquals(List.of(), lost, lost.size() + " of " + received.size() + " answered certificates are not on record");
            HttpResponse<String> after = second.client().send(second.enrollment("CN=after-restart", TestClients.ecKeyPair()),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, after.statusCode(), after.body());
            System.out.printf("crash consistency: %d certificates answered before SIGKILL (%d clients), %d on record with"
                    + " their audit row after restart, 0 serials twice, %d requests lost to the kill, enrollment after"
                    + " restart 200%n", received.size(), clients, onRecord, failed.get());
        } finally {
            second.stop();
        }
    }
}
