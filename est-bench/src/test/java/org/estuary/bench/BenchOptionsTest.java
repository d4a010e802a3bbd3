package org.estuary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {

    @Test
    void defaultsAreOneEightAndThirtyTwoClientsTwoThousandRequestsBothModesOnTheRootProfile() throws Exception {
        BenchOptions options = BenchOptions.parse("--server", "https://localhost:8443", "--cacert", "est-data/ca.crt");

        assertEquals(List.of(1, 8, 32), options.clients());
        assertEquals(2000, options.requests());
        assertEquals(List.of(Mode.KEEPALIVE, Mode.HANDSHAKE), options.modes());
        assertEquals("/.well-known/est/simpleenroll", options.enrollPath());
        assertEquals("localhost", options.host());
        assertEquals(8443, options.port());
        assertNull(options.serverPid());
        assertNull(options.caKeystore());
    }

    @Test
    void everyOptionIsReadInBothSpellings() throws Exception {
        BenchOptions options = BenchOptions.parse("--server=https://127.0.0.1:9643", "--cacert", "ca.crt",
                "--label", "iot", "--clients=1,8", "--requests", "400", "--mode", "handshake", "--server-pid", "4242",
                "--in-process-ca", "ca/iss-local.p12", "--in-process-ca-password-file=ca/iss-local.password",
                "--run-limit", "60", "--server-warmup=0");

        assertEquals("/.well-known/est/iot/simpleenroll", options.enrollPath());
        assertEquals(List.of(1, 8), options.clients());
        assertEquals(400, options.requests());
        assertEquals(List.of(Mode.HANDSHAKE), options.modes());
        assertEquals(4242L, options.serverPid());
        assertEquals(Path.of("ca/iss-local.password"), options.caPasswordFile());
        assertEquals(60, options.runLimit().toSeconds());
        assertEquals(0, options.serverWarmup());
    }

    @Test
    void helpIsAskedForWithNullAndTheUsageNamesEveryOption() throws Exception {
        assertNull(BenchOptions.parse("--server", "https://localhost:8443", "--help"));
        for (String option : List.of("--server", "--cacert", "--data", "--label", "--clients", "--requests", "--mode",
                "--server-pid", "--in-process-ca", "--in-process-ca-password-file", "--run-limit", "--server-warmup", "--help")) {
            assertTrue(BenchOptions.USAGE.contains(option + " "), option);
        }
    }

    @Test
    void warmUpIsATenthOfTheRequestsAndAtLeastOnePerClient() throws Exception {
        BenchOptions options = BenchOptions.parse("--server", "https://localhost:8443", "--cacert", "ca.crt",
                "--requests", "400");

        assertEquals(60_000, options.serverWarmup());
        assertEquals(40, options.warmupRequests(1));
        assertEquals(40, options.warmupRequests(8));
        assertEquals(64, options.warmupRequests(64));
    }

    @Test
    void commandLinesThatCannotRunAreRefusedWithTheReason() {
        assertRefused("--server is required", "--cacert", "ca.crt");
        assertRefused("--cacert or --data is required", "--server", "https://localhost:8443");
        assertRefused("expected https://host:port", "--server", "http://localhost:8080", "--cacert", "ca.crt");
        assertRefused("without a path", "--server", "https://localhost:8443/.well-known/est", "--cacert", "ca.crt");
        assertRefused("profile label", "--server", "https://localhost:8443", "--cacert", "ca.crt", "--label", "-iot");
        assertRefused("at least 1", "--server", "https://localhost:8443", "--cacert", "ca.crt", "--clients", "1,0");
        assertRefused("not a number", "--server", "https://localhost:8443", "--cacert", "ca.crt", "--requests", "many");
        assertRefused("unknown mode", "--server", "https://localhost:8443", "--cacert", "ca.crt", "--mode", "h2");
        assertRefused("go together", "--server", "https://localhost:8443", "--cacert", "ca.crt",
                "--in-process-ca", "ca.p12");
        assertRefused("unknown option --threads", "--server", "https://localhost:8443", "--cacert", "ca.crt",
                "--threads", "4");
        assertRefused("needs a value", "--server", "https://localhost:8443", "--cacert");
    }

    @Test
    void dataIsTheServersDataDirectoryForTheCaCertificateAndTheInProcessCa(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("ca.crt"), "");
        Files.createDirectory(data.resolve("ca"));
        Files.writeString(data.resolve("ca/iss-local.p12"), "");

        BenchOptions withoutPassword = BenchOptions.parse("--server", "https://localhost:8443", "--data", data.toString());
        assertEquals(data.resolve("ca.crt"), withoutPassword.caCert());
        assertNull(withoutPassword.caKeystore(), "no password file: a throw-away CA");

        Files.writeString(data.resolve("ca/iss-local.password"), "");
        BenchOptions options = BenchOptions.parse("--server", "https://localhost:8443", "--data", data.toString());
        assertEquals(data.resolve("ca/iss-local.p12"), options.caKeystore());
        assertEquals(data.resolve("ca/iss-local.password"), options.caPasswordFile());

        BenchOptions given = BenchOptions.parse("--cacert", "other.crt", "--in-process-ca", "other.p12",
                "--in-process-ca-password-file", "other.password", "--server", "https://localhost:8443",
                "--data", data.toString());
        assertEquals(Path.of("other.crt"), given.caCert());
        assertEquals(Path.of("other.p12"), given.caKeystore());
        assertEquals(Path.of("other.password"), given.caPasswordFile());
    }

    @Test
    void dataWithoutACaCertificateIsRefused(@TempDir Path empty) {
        assertRefused("--data: no ", "--server", "https://localhost:8443", "--data", empty.toString());
    }

    private static void assertRefused(String reason, String... args) {
        BenchOptions.UsageError error = assertThrows(BenchOptions.UsageError.class, () -> BenchOptions.parse(args));
        assertTrue(error.getMessage().contains(reason), error.getMessage());
    }
}
