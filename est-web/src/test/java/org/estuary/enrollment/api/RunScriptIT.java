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

    @Test
    void theThreeProfileExampleServesThreeEndpointGroups(@TempDir Path work) throws Exception {
        Map<String, String> environment = exampleEnvironment();
        ServerRun run = ServerRun.start(environment, ServerRun.freshDataDir("example"));
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
        ServerRun run = ServerRun.start(Map.of("EST_TLS_MIN_VERSION", "1.3"), ServerRun.freshDataDir("tls13"));
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

        ServerRun run = ServerRun.start(environment, ServerRun.freshDataDir("bad-label"));

        assertRefused(run, List.of("EST configuration: est.profiles (EST_PROFILES) label 'Bad_One' must be lower-case letters,"
                + " digits and inner hyphens"));
    }

    @Test
    void anUnknownIssuerOrCertificateProfileKeepsTheServerDown() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("EST_PROFILES", "corp");
        environment.put("EST_PROFILE_CORP_ISSUER_ID", "iss-elsewhere");
        environment.put("EST_PROFILE_CORP_PROFILE_ID", "cp-nowhere");

        ServerRun run = ServerRun.start(environment, ServerRun.freshDataDir("bad-binding"));

        assertRefused(run, List.of("EST profile corp: est.profile.corp.issuer-id names unknown issuer iss-elsewhere",
                "EST profile corp: est.profile.corp.profile-id names unknown certificate profile cp-nowhere"));
    }

    private static void assertRefused(ServerRun run, List<String> problems) throws Exception {
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
        for (String line : Files.readAllLines(ServerRun.ROOT.resolve("server-config/profiles.example.env"))) {
            int equals = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                environment.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return environment;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("localhost", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
