package org.estuary.bench;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command line, parsed and checked before anything is sent.
 *
 * @param label the EST profile label, or null for the root profile
 * @param serverPid the server's process id for RSS and CPU readings, or null
 * @param caKeystore the server's CA PKCS#12 for the in-process limit, or null for a throw-away CA
 * @param caPasswordFile the file holding that keystore's password, given with {@code caKeystore}
 * @param runLimit how long one run may take before it stops sending
 * @param serverWarmup enrollments sent, and discarded, before the first run: a server that has just
 *     started spends its first minutes compiling, and its first thousands of requests measure the JIT
 */
record BenchOptions(URI server, Path caCert, String label, List<Integer> clients, int requests, List<Mode> modes,
        Long serverPid, Path caKeystore, Path caPasswordFile, Duration runLimit, int serverWarmup) {

    static final String USAGE = """
            Usage: java -jar est-bench.jar --server https://localhost:8443 --data est-data [options]
               or: java -jar est-bench.jar --server https://localhost:8443 --cacert est-data/ca.crt [options]

            Enrolls fresh EC P-256 CSRs through simpleenroll on a running Estuary and prints, per mode and
            client count, enrollments/s, latency percentiles and errors, next to the in-process limit of
            the same work (the server's own CSR check, policy, signing and encoding, without HTTP and
            database). Send it only to a server of your own on loopback.

              --server URL               the server, https://host:port (required)
              --cacert FILE              PEM CA certificate(s) the server's TLS certificate chains to
                                         (required unless --data gives it)
              --data DIR                 the server's EST_DATA_DIR, short for --cacert DIR/ca.crt and, where
                                         both exist, --in-process-ca DIR/ca/iss-local.p12
                                         --in-process-ca-password-file DIR/ca/iss-local.password;
                                         options given themselves win
              --label LABEL              EST profile label: /.well-known/est/LABEL/simpleenroll (default: root profile)
              --clients N,N,...          concurrent clients, one run per count (default 1,8,32)
              --requests N               enrollments per run, shared by its clients (default 2000);
                                         each run is preceded by a discarded warm-up of 10 % of it
              --mode M                   keepalive, handshake or both (default both)
              --server-pid PID           the server's JVM: RSS before and after, CPU used per run
              --in-process-ca FILE       the server's CA PKCS#12 (est-data/ca/iss-local.p12) for the
                                         in-process limit (default: a throw-away EC P-256 CA)
              --in-process-ca-password-file FILE
                                         the file holding its password (est-data/ca/iss-local.password)
              --run-limit SECONDS        stop sending in a run after this long (default 300)
              --server-warmup N          enrollments over 8 keep-alive clients before the first run,
                                         discarded: a just-started server is still compiling (default
                                         60000, about what Payara needs; 0 for none)
              --help                     this text

            Amazon Corretto Crypto Provider is the first JCA provider where it loads, as in the server;
            java -Dest.accp=false -jar est-bench.jar ... leaves it out.
            """;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    BenchOptions {
        requireNonNull(server, "server");
        requireNonNull(caCert, "caCert");
        clients = List.copyOf(clients);
        modes = List.copyOf(modes);
        requireNonNull(runLimit, "runLimit");
    }

    /** Thrown for a command line that cannot be run; the message says what is wrong. */
    static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** Returns null when {@code --help} was asked for. */
    static BenchOptions parse(String... args) throws UsageError {
        URI server = null;
        Path caCert = null;
        String label = null;
        List<Integer> clients = List.of(1, 8, 32);
        int requests = 2000;
        List<Mode> modes = List.of(Mode.KEEPALIVE, Mode.HANDSHAKE);
        Long serverPid = null;
        Path caKeystore = null;
        Path caPasswordFile = null;
        Duration runLimit = Duration.ofSeconds(300);
        int serverWarmup = 60_000;
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (!name.startsWith("--")) {
                throw new UsageError("unexpected argument " + arg);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageError(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--server" -> server = serverUri(value);
                case "--cacert" -> caCert = Path.of(value);
                case "--data" -> data = Path.of(value);
                case "--label" -> label = label(value);
                case "--clients" -> clients = clientCounts(value);
                case "--requests" -> requests = positive(name, value);
                case "--mode" -> modes = modes(value);
                case "--server-pid" -> serverPid = (long) positive(name, value);
                case "--in-process-ca" -> caKeystore = Path.of(value);
                case "--in-process-ca-password-file" -> caPasswordFile = Path.of(value);
                case "--run-limit" -> runLimit = Duration.ofSeconds(positive(name, value));
                case "--server-warmup" -> serverWarmup = notNegative(name, value);
                default -> throw new UsageError("unknown option " + name);
            }
        }
        if (server == null) {
            throw new UsageError("--server is required");
        }
        if (data != null) {
            if (caCert == null) {
                caCert = data.resolve("ca.crt");
                if (!Files.isRegularFile(caCert)) {
                    throw new UsageError("--data: no " + caCert + " (give --cacert)");
                }
            }
            Path keystore = data.resolve("ca").resolve("iss-local.p12");
            Path passwordFile = data.resolve("ca").resolve("iss-local.password");
            if (caKeystore == null && caPasswordFile == null && Files.isRegularFile(keystore)
                    && Files.isRegularFile(passwordFile)) {
                caKeystore = keystore;
                caPasswordFile = passwordFile;
            }
        }
        if (caCert == null) {
            throw new UsageError("--cacert or --data is required");
        }
        if ((caKeystore == null) != (caPasswordFile == null)) {
            throw new UsageError("--in-process-ca and --in-process-ca-password-file go together");
        }
        return new BenchOptions(server, caCert, label, clients, requests, modes, serverPid, caKeystore,
                caPasswordFile, runLimit, serverWarmup);
    }

    /** The request path of simpleenroll for the label (RFC 7030 §3.2.2). */
    String enrollPath() {
        return "/.well-known/est" + (label == null ? "" : "/" + label) + "/simpleenroll";
    }

    /** The discarded warm-up before each run: a tenth of it, at least one request per client. */
    int warmupRequests(int clientCount) {
        return Math.max(clientCount, requests / 10);
    }

    String host() {
        return server.getHost();
    }

    int port() {
        return server.getPort() == -1 ? 443 : server.getPort();
    }

    private static URI serverUri(String value) throws UsageError {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException malformed) {
            throw new UsageError("--server: not a URL: " + value);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageError("--server: expected https://host:port, got " + value);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new UsageError("--server: give the server alone, without a path (use --label for a profile)");
        }
        return uri;
    }

    private static String label(String value) throws UsageError {
        if (!LABEL.matcher(value).matches()) {
            throw new UsageError("--label: a profile label is [a-z0-9-] without a leading or trailing hyphen: " + value);
        }
        return value;
    }

    private static List<Integer> clientCounts(String value) throws UsageError {
        List<Integer> counts = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            counts.add(positive("--clients", part.strip()));
        }
        return counts;
    }

    private static List<Mode> modes(String value) throws UsageError {
        if (value.equals("both")) {
            return List.of(Mode.KEEPALIVE, Mode.HANDSHAKE);
        }
        try {
            return List.of(Mode.of(value));
        } catch (IllegalArgumentException unknown) {
            throw new UsageError("--mode: " + unknown.getMessage());
        }
    }

    private static int positive(String option, String value) throws UsageError {
        return atLeast(1, option, value);
    }

    private static int notNegative(String option, String value) throws UsageError {
        return atLeast(0, option, value);
    }

    private static int atLeast(int least, String option, String value) throws UsageError {
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            throw new UsageError(option + ": not a number: " + value);
        }
        if (number < least) {
            throw new UsageError(option + ": must be at least " + least + ": " + value);
        }
        return number;
    }
}
