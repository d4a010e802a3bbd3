package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro nodes, each started by {@code server-config/run} as an operator would, joined in one
 * data grid (Hazelcast over TCP on loopback) and sharing one PostgreSQL database: the abuse limits hold
 * across nodes, serials stay unique, the CRL number only grows whichever node answers, the scheduled CRL
 * regeneration happens once per half interval for the cluster, and a node SIGKILLed under load leaves the
 * other serving with every certificate a client received on record. The database is the scratch
 * PostgreSQL the build starts ({@code est.it.postgresql.url}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration CRL_INTERVAL = Duration.ofSeconds(10);
    private static final String PASSWORD = "cluster-partner-secret";

    private static ServerRun first;
    private static ServerRun second;
    private static String adminKey;
    private static long crlNumberAtStart;
    private static long clusterReadyAt;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Path one = ServerRun.freshDataDir("cluster-1");
        Path two = ServerRun.freshDataDir("cluster-2");
        int[] gridPorts = ServerRun.freePorts(2);
        int gridOne = gridPorts[0];
        int gridTwo = gridPorts[1];
        Map<String, String> environment = new HashMap<>(Map.of(
                "EST_DB_URL", System.getProperty("est.it.postgresql.url") + "estuary_cluster",
                "EST_DB_PASSWORD_FILE", System.getProperty("est.it.postgresql.password-file"),
                "EST_CLUSTER_MEMBERS", "127.0.0.1:" + gridOne + ",127.0.0.1:" + gridTwo,
                "EST_CLUSTER_NAME", "estuary-it-" + UUID.randomUUID(),
                "EST_CLUSTER_INTERFACE", "127.0.0.1",
                "EST_CRL_GENERATION_INTERVAL", CRL_INTERVAL.toString(),
                "EST_PROFILES", "open,partner"));
        environment.putAll(Map.of(
                "EST_PROFILE_OPEN_ISSUER_ID", "iss-local",
                "EST_PROFILE_OPEN_RATE_LIMIT_PER_PRINCIPAL_24H", "2",
                "EST_PROFILE_PARTNER_ISSUER_ID", "iss-local",
                "EST_PROFILE_PARTNER_ALLOWED_AUTH_MODES", "basic",
                "EST_PROFILE_PARTNER_ENROLLMENT_PASSWORD", PASSWORD));
        // Both nodes are one CA with one TLS certificate and one admin key: the second gets the first's files.
        Map<String, String> firstNode = with(environment, "EST_CLUSTER_PORT", String.valueOf(gridOne));
        prepare(firstNode, one);
        copy(one, two, "ca", "tls", "ca.crt", "admin-api-key", "console-users");
        first = ServerRun.start(firstNode, one);
        second = ServerRun.start(with(environment, "EST_CLUSTER_PORT", String.valueOf(gridTwo)), two);
        first.awaitOutput("Estuary is ready");
        second.awaitOutput("Estuary is ready");
        adminKey = Files.readString(one.resolve("admin-api-key")).strip();
        clusterReadyAt = System.nanoTime();
        crlNumberAtStart = crlNumber(crl(first));
    }

    @AfterAll
    static void stopBoth() throws Exception {
        for (ServerRun node : new ServerRun[] {first, second}) {
            if (node != null && node.process.isAlive()) {
                node.stop();
            }
        }
    }

    @Test
    @Order(1)
    void bothNodesAreInOneDataGrid() {
        assertTrue(first.output().contains("Data Grid Status") && (first.output().contains("DG Size: 2")
                        || first.output().contains("Data Grid Instance Added")),
                "the first node saw the second join its data grid");
    }

    @Test
    @Order(2)
    void aNodeOfTheClusterRefusesACaKeyRollover() throws Exception {
        HttpResponse<String> refused = first.adminPost("/api/v1/admin/issuers/iss-local/rollover", "");

        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("one of a cluster"), refused.body());
    }

    @Test
    @Order(2)
    void failedBasicAttemptsAddUpAcrossNodes() throws Exception {
        // Ten failures within an hour lock an address out of the profile: five on each node.
        for (int attempt = 0; attempt < 10; attempt++) {
            ServerRun node = attempt % 2 == 0 ? first : second;
            HttpResponse<String> refused = enroll(node, "partner", "CN=guess-" + attempt, TestClients.ecKeyPair(), "wrong-" + attempt);
            assertEquals(401, refused.statusCode(), "attempt " + attempt + ": " + refused.body());
        }
        for (ServerRun node : List.of(first, second)) {
            HttpResponse<String> locked = enroll(node, "partner", "CN=right-password", TestClients.ecKeyPair(), PASSWORD);
            assertEquals(429, locked.statusCode(), "locked out on node " + node.httpsPort + " after 5 failures on each: " + locked.body());
            assertTrue(locked.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        }
    }

    @Test
    @Order(3)
    void thePerPrincipalCapHoldsForSimultaneousEnrollmentsOnBothNodes() throws Exception {
        // Cap 2 per CN and address in 24 hours: ten requests for one CN at the same moment, five on each node.
        String subject = "CN=capped-" + UUID.randomUUID();
        ExecutorService burst = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ServerRun node = i % 2 == 0 ? first : second;
            HttpRequest request = node.enrollment("open", subject, TestClients.ecKeyPair(), null);
            HttpClient client = node.client();
            statuses.add(burst.submit(() -> {
                start.await();
                return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
            }));
        }
        start.countDown();
        List<Integer> answered = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            answered.add(status.get(60, TimeUnit.SECONDS));
        }
        burst.shutdown();
        assertEquals(2, answered.stream().filter(status -> status == 200).count(), "answers " + answered);
        assertEquals(8, answered.stream().filter(status -> status == 429).count(), "answers " + answered);
        for (ServerRun node : List.of(first, second)) {
            assertEquals(429, enroll(node, "open", subject, TestClients.ecKeyPair(), null).statusCode(), "later, on either node");
        }
    }

    @Test
    @Order(4)
    void serialsStayUniqueWhenBothNodesIssueAtOnce() throws Exception {
        List<X509Certificate> issued = enrollConcurrently(200, 8, new AtomicBoolean());
        Set<BigInteger> serials = new HashSet<>();
        issued.forEach(certificate -> serials.add(certificate.getSerialNumber()));
        assertEquals(200, issued.size(), "every enrollment answered");
        assertEquals(200, serials.size(), "200 certificates from two nodes, 200 serials");
        System.out.printf("cluster: 200 enrollments over two nodes, 8 clients, 200 distinct serials%n");
    }

    @Test
    @Order(5)
    void theScheduledCrlIsRenewedOncePerHalfIntervalForTheCluster() throws Exception {
        // Each node's timer fires every half interval; a node renews only a CRL at least 0.4 interval old, under
        // the row lock. Two nodes renewing on their own would make about 2 * window / (interval / 2).
        long minimumWindow = TimeUnit.SECONDS.toNanos(40);
        long waited = System.nanoTime() - clusterReadyAt;
        if (waited < minimumWindow) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(minimumWindow - waited));
        }
        long number = crlNumber(crl(second));
        double windowSeconds = (System.nanoTime() - clusterReadyAt) / 1e9;
        long renewals = number - crlNumberAtStart;
        long atMost = (long) Math.floor(windowSeconds / (0.4 * CRL_INTERVAL.toSeconds())) + 1;
        long atLeast = (long) Math.floor(windowSeconds / (0.5 * CRL_INTERVAL.toSeconds())) - 4;
        System.out.printf("cluster: %d scheduled CRL renewals in %.1f s with interval %s on two nodes (allowed %d..%d;"
                + " each node on its own would make about %d)%n", renewals, windowSeconds, CRL_INTERVAL, atLeast, atMost,
                2 * Math.round(windowSeconds / (0.5 * CRL_INTERVAL.toSeconds())));
        assertTrue(renewals <= atMost, renewals + " renewals in " + windowSeconds + " s: more than once per half interval");
        assertTrue(renewals >= atLeast, renewals + " renewals in " + windowSeconds + " s: the CRL is not kept fresh");
    }

    @Test
    @Order(6)
    void theCrlNumberOnlyGrowsWhicheverNodeRevokesOrAnswers() throws Exception {
        List<BigInteger> revoked = new ArrayList<>();
        long previous = 0;
        for (int i = 0; i < 6; i++) {
            ServerRun revoker = i % 2 == 0 ? first : second;
            HttpResponse<String> answer = enroll(revoker, "open", "CN=revoked-" + UUID.randomUUID(), TestClients.ecKeyPair(), null);
            X509Certificate certificate = TestClients.certificate(answer);
            HttpResponse<String> revocation = revoker.client().send(HttpRequest.newBuilder(uri(revoker,
                            "/api/v1/est/certificates/" + certificate.getSerialNumber().toString(16) + "/revoke"))
                    .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"keyCompromise\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, revocation.statusCode(), revocation.body());
            revoked.add(certificate.getSerialNumber());
            for (ServerRun reader : List.of(second, first)) {
                long number = crlNumber(crl(reader));
                assertTrue(number >= previous, "CRL number " + number + " from node " + reader.httpsPort + " after " + previous);
                previous = number;
            }
        }
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(first.dataDir.resolve("ca.crt")));
        for (ServerRun reader : List.of(first, second)) {
            X509CRL crl = awaitCrlListing(reader, revoked);
            crl.verify(ca.getPublicKey());
            assertTrue(crlNumber(crl) >= previous, "the final CRL's number");
        }
    }

    @Test
    @Order(7)
    void aNodeKilledUnderLoadLeavesTheOtherServingWithEveryAnsweredCertificateOnRecord() throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger servedBySecondAfterKill = new AtomicInteger();
        ConcurrentLinkedQueue<X509Certificate> received = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(8);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger lostToTheKill = new AtomicInteger();
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            keys.add(TestClients.ecKeyPair());
        }
        HttpClient toFirst = first.client();
        HttpClient toSecond = second.client();
        for (int c = 0; c < 8; c++) {
            load.submit(() -> {
                for (int i = next.getAndIncrement(); i < keys.size(); i = next.getAndIncrement()) {
                    // A load balancer's view: requests alternate between the nodes; one the first node cannot take
                    // goes to the second.
                    boolean toFirstNode = i % 2 == 0 && !killed.get();
                    try {
                        HttpResponse<String> answer = (toFirstNode ? toFirst : toSecond)
                                .send((toFirstNode ? first : second).enrollment("open", "CN=load-" + i + "-" + UUID.randomUUID(),
                                        keys.get(i), null), HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 200) {
                            received.add(TestClients.certificate(answer));
                            if (!toFirstNode && killed.get()) {
                                servedBySecondAfterKill.incrementAndGet();
                            }
                        } else {
                            lostToTheKill.incrementAndGet();
                        }
                    } catch (Exception connectionLost) {
                        lostToTheKill.incrementAndGet();
                    }
                    if (received.size() >= 120 && killed.compareAndSet(false, true)) {
                        first.serverJvm().orElseThrow().destroyForcibly();
                    }
                }
                return null;
            });
        }
        load.shutdown();
        assertTrue(load.awaitTermination(300, TimeUnit.SECONDS), "the load ends");
        assertTrue(killed.get(), "the first node was killed under load");
        assertTrue(servedBySecondAfterKill.get() > 0, "the second node kept serving after the first died");

        Set<BigInteger> serials = new HashSet<>();
        List<String> lost = new ArrayList<>();
        for (X509Certificate certificate : received) {
            assertTrue(serials.add(certificate.getSerialNumber()), "serial answered twice");
            String serial = certificate.getSerialNumber().toString(16);
            Optional<JsonObject> record = second.certificateRecord(serial);
            if (record.isEmpty()) {
                lost.add(serial);
                continue;
            }
            JsonObject only = record.get().getJsonArray("certificates").getJsonObject(0);
            assertEquals("ISSUED", only.getString("status"), serial);
        }
        assertEquals(List.of(), lost, lost.size() + " of " + received.size() + " answered certificates are not on record");
        assertEquals(200, enroll(second, "open", "CN=after-the-kill", TestClients.ecKeyPair(), null).statusCode());
        System.out.printf("cluster: node 1 SIGKILLed after %d answers; %d certificates answered in all (%d by node 2 after"
                + " the kill), every one on record, %d requests lost to the kill%n", 120, received.size(),
                servedBySecondAfterKill.get(), lostToTheKill.get());
    }

    private static List<X509Certificate> enrollConcurrently(int count, int clients, AtomicBoolean stop) throws Exception {
        ConcurrentLinkedQueue<X509Certificate> issued = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count && !stop.get(); i = next.getAndIncrement()) {
                    ServerRun node = i % 2 == 0 ? first : second;
                    HttpResponse<String> answer = enroll(node, "open", "CN=unique-" + i + "-" + UUID.randomUUID(), TestClients.ecKeyPair(), null);
                    if (answer.statusCode() == 200) {
                        issued.add(TestClients.certificate(answer));
                    } else {
                        failures.add(answer.statusCode() + " " + answer.body());
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(300, TimeUnit.SECONDS), "the enrollments end");
        assertEquals(List.of(), new ArrayList<>(failures));
        return new ArrayList<>(issued);
    }

    private static HttpResponse<String> enroll(ServerRun node, String profile, String subject, KeyPair keys, String password)
            throws Exception {
        return node.client().send(node.enrollment(profile, subject, keys, password), HttpResponse.BodyHandlers.ofString());
    }

    private static X509CRL crl(ServerRun node) throws Exception {
        HttpResponse<byte[]> answer = node.client().send(HttpRequest.newBuilder(uri(node, "/.well-known/pki/crls/iss-local.crl")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode());
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(answer.body()));
    }

    private static X509CRL awaitCrlListing(ServerRun node, List<BigInteger> serials) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            X509CRL crl = crl(node);
            if (serials.stream().allMatch(serial -> crl.getRevokedCertificate(serial) != null)) {
                return crl;
            }
            assertTrue(System.nanoTime() < deadline, "node " + node.httpsPort + "'s CRL lists every revoked serial");
            Thread.sleep(500);
        }
    }

    /** RFC 5280 §5.2.3: the CRL number extension. */
    private static long crlNumber(X509CRL crl) throws IOException {
        return ASN1Integer.getInstance(JcaX509ExtensionUtils.parseExtensionValue(crl.getExtensionValue(Extension.cRLNumber.getId())))
                .longValueExact();
    }

    private static URI uri(ServerRun node, String path) {
        return URI.create("https://localhost:" + node.httpsPort + path);
    }

    /** The data directory of the first node, made before either starts, so that the second can share its CA. */
    private static void prepare(Map<String, String> environment, Path dataDir) throws Exception {
        ProcessBuilder prepare = new ProcessBuilder("bash", ServerRun.ROOT.resolve("server-config/prepare").toString())
                .directory(ServerRun.ROOT.toFile()).redirectErrorStream(true);
        prepare.environment().putAll(environment);
        prepare.environment().put("EST_DATA_DIR", dataDir.toString());
        Process process = prepare.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "prepare finished");
        assertEquals(0, process.exitValue(), output);
    }

    private static void copy(Path from, Path to, String... names) throws Exception {
        Files.createDirectories(to);
        for (String name : names) {
            TestClients.bash(ServerRun.ROOT, "cp -a '" + from.resolve(name) + "' '" + to.resolve(name) + "'");
        }
    }

    private static Map<String, String> with(Map<String, String> environment, String name, String value) {
        Map<String, String> copy = new HashMap<>(environment);
        copy.put(name, value);
        return copy;
    }

}
