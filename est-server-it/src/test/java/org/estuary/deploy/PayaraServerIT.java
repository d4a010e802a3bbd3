package org.estuary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.AssertionFailedError;

/**
 * estuary.ear on a real Payara Server: the distribution zip Maven fetched (fish.payara.distributions:payara),
 * a data directory made by {@code server-config/prepare}, a domain made and configured by
 * {@code server-config/payara-server/setup}, then the EST smoke suite over real TLS with real client
 * certificates; then the script once more on the same domain, the upgrade path, and the suite again.
 * The domain's ports are a free block of a hundred, never the stock 4848/8080/8181.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraServerIT {

    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(20);

    private static final long START = System.nanoTime();
    private static PayaraServerDomain domain;
    private static Path dataDir;
    private static int httpsPort;
    private static int httpPort;

    @BeforeAll
    static void deployTheEarOnAFreshDomain() throws Exception {
        Path work = Path.of(System.getProperty("it.work.dir"), "payara-server");
        Files.createDirectories(work);
        int portBase = FreePorts.freeBlock();
        // Offsets 1 and 2 of the block: a domain's port base leaves them unused.
        httpsPort = portBase + 1;
        httpPort = portBase + 2;
        Path zip = Path.of(System.getProperty("payara.server.zip"));
        System.out.printf("payara-server: distribution %s (%d MB, fetched by Maven before the tests), port base %d%n",
                zip, Files.size(zip) >> 20, portBase);

        long step = System.nanoTime();
        domain = PayaraServerDomain.unpack(zip, work, portBase);
        System.out.printf("payara-server: unpacked in %.1f s%n", seconds(step));

        step = System.nanoTime();
        dataDir = work.resolve("data");
        Trees.delete(dataDir);
        Files.createDirectories(dataDir);
        Path serverConfig = serverConfig();
        new Command("prepare", Map.of("JAVA_HOME", System.getProperty("java.home"), "EST_DATA_DIR", dataDir.toString(),
                "EST_HTTPS_PORT", Integer.toString(httpsPort), "EST_HTTP_PORT", Integer.toString(httpPort)),
                "bash", serverConfig.resolve("prepare").toString()).run(dataDir, Duration.ofMinutes(2));
        System.out.printf("payara-server: data directory prepared in %.1f s%n", seconds(step));

        step = System.nanoTime();
        try {
            domain.setUp(serverConfig, dataDir, ear(), SETUP_TIMEOUT);
        } catch (IOException failed) {
            throw new AssertionFailedError(failed.getMessage() + "\n" + domain.serverLogTail(80), failed);
        }
        System.out.printf("payara-server: domain created, configured, restarted and the EAR deployed in %.1f s%n",
                seconds(step));
    }

    @Test
    @Order(1)
    void theEarPassesTheEstSmokeSuite() throws IOException {
        assertSmokeSuitePasses();
    }

    /** Payara Server's MicroProfile Health runs Estuary's own readiness checks (database, CA keys). */
    @Test
    @Order(2)
    void readinessReportsTheDatabaseAndTheCaKeys() throws Exception {
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"database\"") && ready.body().contains("\"ca-keys\""),
                "Estuary's checks in the readiness answer: " + ready.body());
    }

    /**
     * Payara Server's MicroProfile Metrics publishes Estuary's outcome gauges, though the EAR's lib/ carries the
     * Metrics API for WildFly: the server's own API classes are the ones the application sees.
     */
    @Test
    @Order(2)
    void metricsCountTheSmokeSuitesEnrollment() throws Exception {
        HttpResponse<String> metrics = get("/metrics?scope=application");
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertTrue(metrics.body().lines().anyMatch(line -> line.startsWith("est_simple_enroll_success{")
                        && line.contains("profile=\"default\"") && !line.endsWith(" 0") && !line.endsWith(" 0.0")),
                "the smoke suite's enrollment is counted: " + metrics.body());
    }

    /** The upgrade path of docs/payara-server.md: the script again on the same domain redeploys, and changes no option. */
    @Test
    @Order(3)
    void runningTheScriptAgainRedeploysOnTheSameDomain() throws Exception {
        long step = System.nanoTime();
        String output;
        try {
            output = domain.setUp(serverConfig(), dataDir, ear(), SETUP_TIMEOUT);
        } catch (IOException failed) {
            throw new AssertionFailedError(failed.getMessage() + "\n" + domain.serverLogTail(80), failed);
        }
        System.out.printf("payara-server: set up again (redeployed) in %.1f s%n", seconds(step));
        assertFalse(output.contains("creating domain"), "the domain is reused:\n" + output);
        assertTrue(output.contains("JVM options: 0 removed, 0 added"), "the same data directory changes no JVM option:\n" + output);
        assertSmokeSuitePasses();
        assertTrue(domain.severeLogRecords().isEmpty(), () -> "nothing SEVERE in the domain's log through set-up, "
                + "upgrade and smoke tests:\n" + domain.serverLogTail(120));
    }

    /** A GET over HTTPS, trusting the data directory's CA. */
    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return SmokeTls.client(SmokeTls.pemCertificates(dataDir.resolve("ca.crt"))).send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + pathAndQuery))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertSmokeSuitePasses() throws IOException {
        long step = System.nanoTime();
        try {
            SmokeSuite.assertEstWorks(URI.create("https://localhost:" + httpsPort), URI.create("http://localhost:" + httpPort),
                    dataDir.resolve("ca.crt"), Files.readString(dataDir.resolve("admin-api-key")));
        } catch (AssertionFailedError failed) {
            throw new AssertionFailedError(failed.getMessage() + "\n" + domain.serverLogTail(80), failed);
        }
        System.out.printf("payara-server: smoke suite passed in %.1f s%n", seconds(step));
    }

    private static Path serverConfig() {
        return Path.of(System.getProperty("est.server-config"));
    }

    private static Path ear() {
        return Path.of(System.getProperty("est.ear"));
    }

    @AfterAll
    static void stopTheDomain() throws Exception {
        if (domain != null) {
            long step = System.nanoTime();
            domain.stop();
            System.out.printf("payara-server: domain stopped in %.1f s%n", seconds(step));
        }
        System.out.printf("payara-server: %.1f s in all%n", seconds(START));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
