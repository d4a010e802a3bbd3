package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server-config/run} as an operator runs it, with the README's example configuration and
 * with broken ones: a good configuration serves every profile; a bad one keeps the server down,
 * names the profile and the key, and the command exits non-zero.
 */
class RunScriptIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void theThreeProfileExampleServesThreeEndpointGroups(@TempDir Path work) throws Exception {
        Map<String, String> environment = exampleEnvironment();
        Run run = Run.start(environment, dataDir("example"));
        try {
            run.awaitOutput("Estuary is ready");

            String output = TestClients.bash(work, String.join("\n",
                    "set -euo pipefail",
                    "ca=" + run.dataDir.resolve("ca.crt") + "; base=https://localhost:" + run.httpsPort + "/.well-known/est",
                    "for label in corp iot wifi; do curl -s -o /dev/null -w \"$label %{http_code}\\n\" --cacert $ca $base/$label/cacerts; done",
                    "curl -s -o /dev/null -w \"root %{http_code}\\n\" --cacert $ca $base/cacerts",
                    "openssl ecparam -name prime256v1 -genkey -noout -out device.key",
                    "openssl req -new -key device.key -subj /CN=sensor-1/serialNumber=SN-1 -outform DER | base64 -w0 > device.csr",
                    "curl -s -o /dev/null -w \"iot %{http_code}\\n\" --cacert $ca -H 'Content-Type: application/pkcs10'"
                            + " --data-binary @device.csr $base/iot/simpleenroll",
                    "curl -s -w ' %{http_code}\\n' --cacert $ca -H 'Content-Type: application/pkcs10'"
                            + " --data-binary @device.csr $base/corp/simpleenroll | tr -d '\\n'; echo"));

            assertEquals(String.join("\n", "corp 200", "iot 200", "wifi 200", "root 404", "iot 200",
                    "key: EC not allowed (RSA) 403"), output.strip());
        } finally {
            run.stop();
        }
    }

    @Test
    void tlsMinimumVersionOneThreeRefusesTls12Clients(@TempDir Path work) throws Exception {
        Run run = Run.start(Map.of("EST_TLS_MIN_VERSION", "1.3"), dataDir("tls13"));
        try {
            run.awaitOutput("Estuary is ready");

            String output = TestClients.bash(work, String.join("\n",
                    "url=https://localhost:" + run.httpsPort + "/.well-known/est/cacerts; ca=" + run.dataDir.resolve("ca.crt"),
                    "curl -s -o /dev/null -w 'TLS 1.3: %{http_code}\\n' --tlsv1.3 --cacert $ca $url",
                    "curl -s -o /dev/null --tlsv1.2 --tls-max 1.2 --cacert $ca $url; echo \"TLS 1.2: curl exit $?\""));

            assertEquals("TLS 1.3: 200\nTLS 1.2: curl exit 35", output.strip(), "35: the TLS handshake failed");
        } finally {
            run.stop();
        }
    }

    @Test
    void aBadLabelKeepsTheServerDownAndNamesTheKey() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("EST_PROFILES", "corp,Bad_One");
        environment.put("EST_PROFILE_CORP_ISSUER_ID", "iss-local");

        Run run = Run.start(environment, dataDir("bad-label"));

        assertRefused(run, List.of("EST configuration: est.profiles (EST_PROFILES) label 'Bad_One' must be lower-case letters,"
                + " digits and inner hyphens"));
    }

    @Test
    void anUnknownIssuerOrCertificateProfileKeepsTheServerDown() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("EST_PROFILES", "corp");
        environment.put("EST_PROFILE_CORP_ISSUER_ID", "iss-elsewhere");
        environment.put("EST_PROFILE_CORP_PROFILE_ID", "cp-nowhere");

        Run run = Run.start(environment, dataDir("bad-binding"));

        assertRefused(run, List.of("EST profile corp: est.profile.corp.issuer-id names unknown issuer iss-elsewhere",
                "EST profile corp: est.profile.corp.profile-id names unknown certificate profile cp-nowhere"));
    }

    private static void assertRefused(Run run, List<String> problems) throws Exception {
        assertTrue(run.process.waitFor(300, TimeUnit.SECONDS), "run gave up\n" + run.output());
        assertEquals(1, run.process.exitValue(), run.output());
        String output = run.output();
        assertTrue(output.contains("server-config/run: Estuary refused its configuration:"), output);
        for (String problem : problems) {
            assertTrue(output.contains("  " + problem + "\n"), "run names the problem: " + problem + "\n" + output);
        }
        assertFalse(listening(run.httpsPort), "Payara is stopped");
    }

    private static Map<String, String> exampleEnvironment() throws IOException {
        Map<String, String> environment = new HashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("server-config/profiles.example.env"))) {
            int equals = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                environment.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return environment;
    }

    private static Path dataDir(String name) throws IOException {
        Path dir = ROOT.resolve("est-web/target/run-it/" + name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return dir;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("localhost", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** One {@code server-config/run}, its output collected as it comes. */
    private static final class Run {

        final Process process;
        final Path dataDir;
        final int httpsPort;
        private final StringBuffer output = new StringBuffer();

        private Run(Process process, Path dataDir, int httpsPort) {
            this.process = process;
            this.dataDir = dataDir;
            this.httpsPort = httpsPort;
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        output.append(line).append('\n');
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Run start(Map<String, String> environment, Path dataDir) throws IOException {
            int httpsPort = freePort();
            ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("server-config/run").toString())
                    .directory(ROOT.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            builder.environment().put("EST_DATA_DIR", dataDir.toString());
            builder.environment().put("EST_HTTPS_PORT", String.valueOf(httpsPort));
            builder.environment().put("EST_HTTP_PORT", String.valueOf(freePort()));
            builder.environment().put("EST_START_TIMEOUT", "240");
            return new Run(builder.start(), dataDir, httpsPort);
        }

        void awaitOutput(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!output.toString().contains(text)) {
                assertTrue(process.isAlive(), "run ended before '" + text + "'\n" + output);
                assertTrue(System.nanoTime() < deadline, "no '" + text + "' in time\n" + output);
                Thread.sleep(250);
            }
        }

        String output() {
            return output.toString();
        }

        void stop() throws InterruptedException {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "run stops on SIGTERM\n" + output);
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
