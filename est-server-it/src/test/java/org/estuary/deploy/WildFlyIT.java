package org.estuary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EAR on a stock WildFly, set up the way an operator does it: the distribution Maven resolved
 * ({@code org.wildfly:wildfly-dist}, system property {@code wildfly.dist}) unpacked afresh, a data
 * directory from {@code server-config/prepare} on free ports, then {@code server-config/wildfly/setup},
 * which configures, deploys and starts WildFly. Then the shared {@link SmokeSuite}, and the parts that
 * are WildFly's own: both TLS versions on the Elytron listener and readiness on the management
 * interface. WildFly is stopped afterwards whatever happened; every failure carries the end of its
 * server.log.
 */
class WildFlyIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path WORK = Path.of("target", "wildfly-it").toAbsolutePath();
    private static final Path DATA = WORK.resolve("data");
    private static final Map<String, Long> TIMINGS = new LinkedHashMap<>();
    private static final long STARTED = System.nanoTime();

    private static Path wildflyHome;
    private static int httpsPort;
    private static int httpPort;
    private static int managementPort;

    @BeforeAll
    static void setUpWildFly() throws Exception {
        Path zip = Path.of(required("wildfly.dist"));
        Path ear = Path.of(required("est.ear"));
        assertTrue(Files.isRegularFile(ear), "the EAR to deploy: " + ear);

        long step = System.nanoTime();
        Trees.delete(WORK);
        Files.createDirectories(WORK);
        wildflyHome = Trees.unzipDistribution(zip, WORK.resolve("wildfly"));
        TIMINGS.put("unpack WildFly", since(step));

        int ports = FreePorts.freeBlock();
        httpsPort = ports;
        httpPort = ports + 1;
        managementPort = ports + 2;
        // Every port WildFly opens besides HTTP and HTTPS is its stock port plus this offset; only the
        // management interface (9990) is bound in standalone.xml.
        int offset = managementPort - 9990;

        step = System.nanoTime();
        run(List.of("bash", ROOT.resolve("server-config/prepare").toString()), Map.of(
                "EST_DATA_DIR", DATA.toString(),
                "EST_HTTPS_PORT", Integer.toString(httpsPort),
                "EST_HTTP_PORT", Integer.toString(httpPort),
                "EST_TLS_AGENT_JAR", ROOT.resolve("est-web/target/runtime/est-tls-agent.jar").toString()), 120);
        TIMINGS.put("prepare the data directory", since(step));

        step = System.nanoTime();
        run(List.of("bash", ROOT.resolve("server-config/wildfly/setup").toString(), wildflyHome.toString(), DATA.toString(),
                Integer.toString(offset), ear.toString()), Map.of(
                "EST_TLS_AGENT_JAR", ROOT.resolve("est-web/target/runtime/est-tls-agent.jar").toString(),
                "EST_START_TIMEOUT", "300"), 480);
        TIMINGS.put("configure, deploy and start WildFly (setup)", since(step));
    }

    @Test
    void estWorksOnWildFly() {
        long step = System.nanoTime();
        try {
            SmokeSuite.assertEstWorks(URI.create("https://localhost:" + httpsPort + "/"), URI.create("http://localhost:" + httpPort + "/"),
                    DATA.resolve("ca.crt"), readString(DATA.resolve("admin-api-key")));
        } catch (AssertionError failure) {
            throw new AssertionError(failure.getMessage() + serverLogTail(), failure);
        } finally {
            TIMINGS.put("smoke suite", since(step));
        }
    }

    /** The Elytron listener offers TLS 1.2 and TLS 1.3 (1.3 only when its cipher-suite-names are set). */
    @Test
    void bothTlsVersionsAreServed() throws Exception {
        SSLContext context = SmokeTls.context(SmokeTls.pemCertificates(DATA.resolve("ca.crt")), null, null);
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", httpsPort)) {
                socket.setSoTimeout(30_000);
                socket.setEnabledProtocols(new String[] {version});
                socket.startHandshake();
                assertEquals(version, socket.getSession().getProtocol(), "the negotiated protocol" + serverLogTail());
            }
        }
    }

    /** Readiness on WildFly's management interface: up, and counting the deployment (see estuary.cli). */
    @Test
    void readinessReportsTheDeployment() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/health/ready")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), "/health/ready: " + answer.body() + serverLogTail());
        assertTrue(answer.body().contains("\"estuary.ear\":\"OK\""), "/health/ready names the deployment: " + answer.body());
    }

    @AfterAll
    static void stopWildFly() throws Exception {
        long step = System.nanoTime();
        try {
            if (Files.isDirectory(DATA)) {
                run(List.of("bash", ROOT.resolve("server-config/wildfly/stop").toString(), DATA.toString()), Map.of(), 120);
            }
        } finally {
            TIMINGS.put("stop WildFly", since(step));
            TIMINGS.put("total", since(STARTED));
            TIMINGS.forEach((what, millis) -> System.out.printf("wildfly-it: %-45s %6.1f s%n", what, millis / 1000.0));
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            fail("system property " + property + " is not set (est-server-it/pom.xml sets it)");
        }
        return value;
    }

    /** Runs a script with this JVM's JDK (CI: JDK 25) for WildFly and keytool; a failure quotes its output and server.log's tail. */
    private static void run(List<String> command, Map<String, String> environment, long timeoutSeconds) throws Exception {
        Map<String, String> withJdk = new HashMap<>(environment);
        withJdk.put("JAVA_HOME", System.getProperty("java.home"));
        String label = Path.of(command.get(1)).getFileName().toString();
        try {
            new Command(label, withJdk, command.toArray(String[]::new)).run(ROOT, Duration.ofSeconds(timeoutSeconds));
        } catch (IOException failed) {
            fail(failed.getMessage() + serverLogTail(), failed);
        }
    }

    private static String serverLogTail() {
        if (wildflyHome == null) {
            return "";
        }
        Path log = wildflyHome.resolve("standalone/log/server.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n--- last lines of " + log + " ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException unreadable) {
            return "\n(no server.log at " + log + ": " + unreadable + ")";
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static long since(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
