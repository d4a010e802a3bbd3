package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One {@code server-config/run} as an operator starts it, its output collected as it comes. */
final class ServerRun {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    final Process process;
    final Path dataDir;
    final int httpsPort;
    private final StringBuffer output = new StringBuffer();

    private ServerRun(Process process, Path dataDir, int httpsPort) {
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

    static ServerRun start(Map<String, String> environment, Path dataDir) throws IOException {
        return start(environment, dataDir, freePort());
    }

    /** Starts on {@code httpsPort}: a restart keeps its port, so clients need not be told. */
    static ServerRun start(Map<String, String> environment, Path dataDir, int httpsPort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("server-config/run").toString())
                .directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("EST_DATA_DIR", dataDir.toString());
        builder.environment().put("EST_HTTPS_PORT", String.valueOf(httpsPort));
        builder.environment().put("EST_HTTP_PORT", String.valueOf(freePort()));
        builder.environment().put("EST_START_TIMEOUT", "240");
        return new ServerRun(builder.start(), dataDir, httpsPort);
    }

    /** An empty directory under est-web/target/run-it for one run's data. */
    static Path freshDataDir(String name) throws IOException {
        Path dir = ROOT.resolve("est-web/target/run-it/" + name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return dir;
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

    /** The Payara JVM that run started. */
    Optional<ProcessHandle> serverJvm() {
        return process.toHandle().descendants()
                .filter(child -> child.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst();
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
