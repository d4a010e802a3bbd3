package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Expiry notifications end to end: {@code server-config/run} with a webhook receiver on loopback;
 * certificates issued with 20 days to live are announced at the 30-day threshold, one with 5 days at
 * the 7-day threshold, each exactly once, signed, and none again after the server restarts on the
 * same data.
 */
class ExpiryNotificationsIT {

    private static final String SECRET = "expiry-notifications-it-webhook-secret";

    /** One delivery as the receiver saw it. */
    private record Received(Map<String, List<String>> headers, String body) {

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(entry -> entry.getValue().get(0)).orElse("");
        }
    }

    @Test
    void eachCertificateIsAnnouncedOncePerThresholdEvenAcrossARestart() throws Exception {
        ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Path data = ServerRun.freshDataDir("notify");
        Files.createDirectories(data);
        Path secretFile = data.resolve("webhook-secret");
        Files.writeString(secretFile, SECRET + "\n");
        Map<String, String> environment = Map.of(
                "EST_NOTIFY_WEBHOOKS", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "EST_NOTIFY_WEBHOOK_SECRET_FILE", secretFile.toString(),
                "EST_NOTIFY_SCAN_INTERVAL", "PT2S");
        try {
            ServerRun first = ServerRun.start(with(environment, "EST_ISSUANCE_VALIDITY", "P20D"), data);
            X509Certificate twentyDays1;
            X509Certificate twentyDays2;
            try {
                first.awaitOutput("Estuary is ready");
                twentyDays1 = enroll(first, "CN=twenty-days-1");
                twentyDays2 = enroll(first, "CN=twenty-days-2");
                await(received, 2);
                Thread.sleep(6_000);
            } finally {
                first.stop();
            }
            assertEquals(2, received.size(), "one event per certificate, not one per scan: " + received);

            ServerRun second = ServerRun.start(with(environment, "EST_ISSUANCE_VALIDITY", "P5D"), data, first.httpsPort);
            X509Certificate fiveDays;
            try {
                second.awaitOutput("Estuary is ready");
                fiveDays = enroll(second, "CN=five-days");
                await(received, 3);
                Thread.sleep(6_000);
            } finally {
                second.stop();
            }
            assertEquals(3, received.size(), "nothing announced again after the restart: " + received);

            List<Received> events = List.copyOf(received);
            for (Received event : events) {
                assertEquals("cert.expiring_soon", event.header("X-Estuary-Event"));
                assertEquals("cert.expiring_soon", event.json().getString("event"));
                assertEquals(event.json().getString("id"), event.header("X-Estuary-Delivery"));
                assertEquals(hmac(event.header("X-Estuary-Timestamp") + "." + event.body()), event.header("X-Estuary-Signature"),
                        "signed with the configured secret");
                assertTrue(Math.abs(Long.parseLong(event.header("X-Estuary-Timestamp")) - Instant.now().getEpochSecond()) < 600);
            }
            assertEquals(Map.of(serial(twentyDays1), 30, serial(twentyDays2), 30, serial(fiveDays), 7),
                    Map.of(events.get(0).json().getString("serial"), events.get(0).json().getInt("threshold_days"),
                            events.get(1).json().getString("serial"), events.get(1).json().getInt("threshold_days"),
                            events.get(2).json().getString("serial"), events.get(2).json().getInt("threshold_days")));
            JsonObject last = events.get(2).json();
            assertEquals("CN=five-days", last.getString("subject"));
            assertEquals(4, last.getInt("days_left"));
            System.out.printf("expiry notifications: %d events (2 at 30 days, 1 at 7 days), each once, signed; none repeated"
                    + " across a restart%n", events.size());
        } finally {
            receiver.stop(0);
        }
    }

    private static Map<String, String> with(Map<String, String> environment, String name, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(environment);
        copy.put(name, value);
        return copy;
    }

    private static X509Certificate enroll(ServerRun run, String subject) throws Exception {
        HttpResponse<String> answer = run.client().send(run.enrollment(subject, TestClients.ecKeyPair()),
                HttpResponse.BodyHandlers.ofString());
        return TestClients.certificate(answer);
    }

    private static void await(ConcurrentLinkedQueue<Received> received, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (received.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertTrue(received.size() >= count, "expected " + count + " events, got " + received);
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    private static String hmac(String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
