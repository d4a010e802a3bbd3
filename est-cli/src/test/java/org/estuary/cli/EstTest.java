package org.estuary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entry point's contract: help on every command, one line and an exit code for every failure. */
class EstTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Est.run(args, Map.of(), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandHasHelpNamingItsOptions() {
        assertEquals(0, run("--help"));
        String overview = out.toString(StandardCharsets.UTF_8);
        for (Command command : Command.values()) {
            assertTrue(overview.contains("  " + command.word + " "), command.word);
            out.reset();
            assertEquals(0, run(command.word, "--help"));
            String help = out.toString(StandardCharsets.UTF_8);
            assertTrue(help.startsWith("Usage: est " + command.word), help);
            assertTrue(help.contains("--server") && help.contains("--cacert") && help.contains("--profile"), help);
        }
    }

    @Test
    void aUsageErrorExitsWith2AndPointsToHelp() {
        assertEquals(2, run("enroll", "--subject", "CN=x"));
        assertEquals("est: --server is required\nest: `est --help` lists the commands, `est <command> --help` their options\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aServerThatIsNotThereExits3WithOneLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertEquals(3, run("cacerts", "--server", "https://localhost:" + closedPort));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("est: cannot reach localhost:" + closedPort), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void aMissingFileExits3() {
        assertEquals(3, run("cacerts", "--server", "https://localhost:1", "--cacert", "/no/such/ca.crt"));
        assertEquals("est: cannot read /no/such/ca.crt\n", err.toString(StandardCharsets.UTF_8));
    }
}
