package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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

    /**
     * Gives up a little before run's own start timeout (240 s), while a stuck server can still be asked what it
     * does, and then stops it.
     */
    void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(225);
        while (!output.toString().contains(text)) {
            assertTrue(process.isAlive(), "run ended before '" + text + "'\n" + tail());
            if (System.nanoTime() > deadline) {
                String threads = busyThreads();
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("no '" + text + "' in time; the server's busy threads:\n" + threads + "\n" + tail());
            }
            Thread.sleep(250);
        }
    }

    /** The last lines of the output, which say where a start stopped (a failure message is read from its start). */
    private String tail() {
        String[] lines = output.toString().split("\n");
        return "last output lines:\n" + String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }

    /** The server JVM's threads that run Estuary, database or deployment code, from jcmd's thread dump. */
    private String busyThreads() {
        Optional<ProcessHandle> server = serverJvm();
        if (server.isEmpty()) {
            return "(no server JVM)";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(server.get().pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            return Arrays.stream(threads.split("\n\n"))
                    .filter(thread -> thread.contains("org.estuary") || thread.contains("org.h2")
                            || thread.contains("eclipse.persistence") || thread.contains("deploy") || thread.contains("\"main\""))
                    .collect(Collectors.joining("\n\n"));
        } catch (IOException | InterruptedException failed) {
            return "(no thread dump: " + failed + ")";
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
        return freePorts(1)[0];
    }

    /** {@code count} distinct ports free now (all held open together while they are chosen). */
    static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    /** An HTTP/1.1 client that trusts this run's CA (its data directory's ca.crt). */
    HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dataDir.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** An anonymous simpleenroll on the root profile for {@code subject} with {@code keys}. */
    HttpRequest enrollment(String subject, KeyPair keys) throws Exception {
        return enrollment(null, subject, keys, null);
    }

    /**
     * A simpleenroll on the EST profile {@code label} (the root profile when null) for {@code subject} with
     * {@code keys}, with HTTP Basic and {@code password} when it is not null.
     */
    HttpRequest enrollment(String label, String subject, KeyPair keys, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/.well-known/est/"
                        + (label == null ? "" : label + "/") + "simpleenroll"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Base64.getEncoder().encode(TestClients.csr(subject, keys).getEncoded())));
        if (password != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("device:" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return request.build();
    }

    /** A POST of {@code json} to {@code path} (from the root, e.g. {@code /api/v1/...}) with this run's admin key. */
    HttpResponse<String> adminPost(String path, String json) throws Exception {
        String key = Files.readString(dataDir.resolve("admin-api-key")).strip();
        return client().send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The admin API's record of the certificate with hex {@code serial}, read with this run's admin key; empty on 404. */
    Optional<JsonObject> certificateRecord(String serial) throws Exception {
        String key = Files.readString(dataDir.resolve("admin-api-key")).strip();
        HttpResponse<String> answer = client().send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort
                        + "/api/v1/est/certificates/" + serial)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        assertEquals(200, answer.statusCode(), answer.body());
        return Optional.of(Json.createReader(new StringReader(answer.body())).readObject());
    }
}
