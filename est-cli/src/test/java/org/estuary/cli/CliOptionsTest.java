package org.estuary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliOptionsTest {

    private static CliOptions parse(String... args) throws CliFailure {
        return CliOptions.parse(args, Map.of("EST_PASSWORD", "from-the-environment"));
    }

    private static String refusal(String... args) {
        CliFailure failure = assertThrows(CliFailure.class, () -> parse(args));
        assertEquals(ExitCode.USAGE, failure.exitCode);
        return failure.getMessage();
    }

    @Test
    void readsEveryOption() throws Exception {
        CliOptions options = parse("enroll", "--server", "https://est.example.com:8443", "--profile", "iot", "--cacert", "ca.crt",
                "--user", "device", "--password", "secret", "--csr", "-", "--out", "dev");

        assertEquals(Command.ENROLL, options.command());
        assertEquals("est.example.com:8443", options.authority());
        assertEquals("/.well-known/est/iot", options.estPath());
        assertEquals(Path.of("ca.crt"), options.caCert());
        assertEquals("secret", options.password());
        assertEquals("-", options.csr());
        assertEquals("dev", options.outOr("est"));
    }

    @Test
    void theRootProfileAndPort443AreTheDefaultsAndThePasswordMayComeFromTheEnvironment() throws Exception {
        CliOptions options = parse("test", "--server", "https://est.example.com", "--user", "device");

        assertEquals("est.example.com:443", options.authority());
        assertEquals("/.well-known/est", options.estPath());
        assertEquals("from-the-environment", options.password());
    }

    @Test
    void helpNeedsNothingElse() throws Exception {
        assertTrue(parse("--help").help());
        assertNull(parse().command());
        assertEquals(Command.SERVERKEYGEN, parse("serverkeygen", "--help").command());
    }

    @Test
    void wrongCommandLinesAreUsageErrorsThatSayWhatIsWrong() {
        assertEquals("unknown command frobnicate (cacerts, csrattrs, enroll, reenroll, serverkeygen, test)", refusal("frobnicate"));
        assertEquals("--server is required", refusal("cacerts"));
        assertEquals("--server: an https://host:port URL, not http://est.example.com", refusal("cacerts", "--server",
                "http://est.example.com"));
        assertTrue(refusal("cacerts", "--server", "https://h", "--profile", "Bad_Label").startsWith("--profile:"));
        assertEquals("--cert and --key go together", refusal("enroll", "--server", "https://h", "--cert", "c.pem"));
        assertTrue(refusal("reenroll", "--server", "https://h").startsWith("reenroll needs the certificate"));
        assertTrue(refusal("serverkeygen", "--server", "https://h", "--encrypt-to-key").startsWith("--encrypt-to-key needs"));
        assertEquals("--out needs a value", refusal("cacerts", "--server", "https://h", "--out"));
        assertTrue(refusal("cacerts", "--server", "https://h", "--frob", "x").startsWith("unknown option --frob"));
        assertEquals("--user needs --password or EST_PASSWORD", assertThrows(CliFailure.class,
                () -> CliOptions.parse(new String[] {"test", "--server", "https://h", "--user", "u"}, Map.of())).getMessage());
    }
}
