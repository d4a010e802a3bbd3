package org.estuary.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estuary.ca.control.LocalIssuer;
import org.estuary.ca.control.SerialNumbers;
import org.estuary.profile.control.CsrPolicy;
import org.estuary.profile.entity.CertificatePolicy;
import org.estuary.wire.CertificationRequests;
import org.estuary.wire.CertsOnly;

/**
 * Enrollments per second against a running Estuary on loopback, and the in-process limit of the
 * same work without HTTP and database (the server's own code: verify the CSR, apply the baseline
 * policy, sign with the CA, encode certs-only). Keys and CSRs are made before the clock starts.
 * <pre>
 * java -jar est-bench/target/est-bench.jar --server https://localhost:8443 --data est-data \
 *      [--clients 1,8,32] [--requests 2000] [--mode both|keepalive|handshake] [--label corp] [--server-pid PID]
 * </pre>
 */
public final class EnrollmentBenchmark {

    private final URI enroll;
    private final SSLContext tls;
    private final Path data;

    private EnrollmentBenchmark(URI enroll, SSLContext tls, Path data) {
        this.enroll = enroll;
        this.tls = tls;
        this.data = data;
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = options(arguments);
        if (options.containsKey("help") || !options.containsKey("server") || !options.containsKey("data")) {
            System.out.println("usage: java -jar est-bench.jar --server https://localhost:8443 --data <EST_DATA_DIR>"
                    + " [--clients 1,8,32] [--requests 2000] [--mode both|keepalive|handshake] [--label <profile>]"
                    + " [--server-pid <pid>]");
            System.exit(options.containsKey("help") ? 0 : 2);
        }
        installCorretto();
        Path data = Path.of(options.get("data"));
        String label = options.containsKey("label") ? options.get("label") + "/" : "";
        EnrollmentBenchmark benchmark = new EnrollmentBenchmark(URI.create(options.get("server") + "/.well-known/est/" + label
                + "simpleenroll"), trusting(data.resolve("ca.crt")), data);
        int requests = Integer.parseInt(options.getOrDefault("requests", "2000"));
        String mode = options.getOrDefault("mode", "both");
        String pid = options.get("server-pid");
        System.out.printf("est-bench: %d requests per run, EC P-256 CSRs, %d cores, Java %s, client provider %s%n", requests,
                Runtime.getRuntime().availableProcessors(), Runtime.version(), Security.getProviders()[0].getName());
        if (pid != null) {
            System.out.println("server RSS before: " + rss(pid));
        }
        double inProcess = benchmark.inProcessLimit(requests);
        for (String clients : options.getOrDefault("clients", "1,8,32").split(",")) {
            int n = Integer.parseInt(clients.strip());
            for (boolean keepAlive : new boolean[] {true, false}) {
                if (mode.equals("both") || mode.equals(keepAlive ? "keepalive" : "handshake")) {
                    benchmark.run(n, requests, keepAlive, inProcess);
                }
            }
        }
        if (pid != null) {
            System.out.println("server RSS after:  " + rss(pid));
        }
    }

    /** The server's work for one enrollment, minus HTTP and database, on every core; answers enrollments/s. */
    private double inProcessLimit(int requests) throws Exception {
        Provider signatures = Security.getProvider("AmazonCorrettoCryptoProvider") != null
                ? Security.getProvider("AmazonCorrettoCryptoProvider") : new BouncyCastleProvider();
        Path ca = data.resolve("ca/iss-local.p12");
        LocalIssuer issuer = LocalIssuer.load("iss-local", ca, data.resolve("ca/iss-local.password"), null, signatures,
                new SerialNumbers(new SecureRandom()), Clock.systemUTC());
        List<byte[]> csrs = csrs(Math.max(requests, 200), "in-process");
        Provider fallback = new BouncyCastleProvider();
        Runnable one = new Runnable() {
            private final AtomicInteger next = new AtomicInteger();

            @Override
            public void run() {
                try {
                    byte[] der = csrs.get(Math.floorMod(next.getAndIncrement(), csrs.size()));
                    PKCS10CertificationRequest csr = CertificationRequests.decodeVerified(der, signatures, fallback);
                    X509Certificate issued = issuer.issue(CsrPolicy.review(csr, csr.getSubjectPublicKeyInfo(),
                            CertificatePolicy.baseline(), Duration.ofDays(365)));
                    CertsOnly.encode(List.of(issued));
                } catch (Exception failed) {
                    throw new IllegalStateException(failed);
                }
            }
        };
        int cores = Runtime.getRuntime().availableProcessors();
        timed(1, requests / 4, one);
        double single = timed(1, requests, one);
        double all = timed(cores, requests, one);
        System.out.printf("in-process limit (verify CSR + policy + sign + encode, %s): %.0f/s on 1 core, %.0f/s on %d cores%n",
                signatures.getName(), single, all, cores);
        return all;
    }

    private static double timed(int threads, int count, Runnable work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger left = new AtomicInteger(count);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    work.run();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** One measured run after a warm-up of a tenth of the requests. */
    private void run(int clients, int requests, boolean keepAlive, double inProcess) throws Exception {
        measure(clients, Math.max(clients, requests / 10), keepAlive, "warm-up");
        Result result = measure(clients, requests, keepAlive, "run");
        long[] sorted = result.latencies();
        System.out.printf("%-9s %3d clients: %7.0f enrollments/s  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms"
                        + "  errors %d%s  (%.0f %% of the in-process limit)%n",
                keepAlive ? "keepalive" : "handshake", clients, result.perSecond(), ms(sorted, 0.50), ms(sorted, 0.95),
                ms(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, result.errors(),
                result.errorsByStatus().isEmpty() ? "" : " " + result.errorsByStatus(), 100 * result.perSecond() / inProcess);
    }

    private record Result(double perSecond, long[] latencies, int errors, Map<String, Integer> errorsByStatus) {
    }

    private Result measure(int clients, int requests, boolean keepAlive, String run) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        List<KeyPair> keys = new ArrayList<>();
        for (byte[] der : csrs(requests, run, keys)) {
            bodies.add(Base64.getEncoder().encode(der));
        }
        AtomicLongArray latencies = new AtomicLongArray(requests);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Map<String, Integer> byStatus = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                HttpClient http = keepAlive ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                        .connectTimeout(Duration.ofSeconds(10)).build() : null;
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    String outcome;
                    try {
                        Answer answer = keepAlive ? viaPersistentConnection(http, bodies.get(i)) : viaFreshHandshake(bodies.get(i));
                        outcome = answer.status() == 200 ? check(answer.body(), keys.get(i)) : "HTTP " + answer.status();
                    } catch (Exception failed) {
                        outcome = failed.getClass().getSimpleName();
                    }
                    latencies.set(i, System.nanoTime() - sent);
                    if (outcome != null) {
                        errors.incrementAndGet();
                        byStatus.merge(outcome, 1, Integer::sum);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = new long[requests];
        for (int i = 0; i < requests; i++) {
            sorted[i] = latencies.get(i);
        }
        Arrays.sort(sorted);
        return new Result(requests / seconds, sorted, errors.get(), new TreeMap<>(byStatus));
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer viaPersistentConnection(HttpClient http, byte[] body) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(enroll).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/pkcs10").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
    }

    /** A new TCP connection and a full TLS handshake (a fresh client context: no session to resume), then Connection: close. */
    private Answer viaFreshHandshake(byte[] body) throws Exception {
        SSLContext fresh = SSLContext.getInstance("TLS");
        fresh.init(null, trustManagers, null);
        try (SSLSocket socket = (SSLSocket) fresh.getSocketFactory().createSocket(enroll.getHost(), enroll.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + enroll.getPath() + " HTTP/1.1\r\nHost: " + enroll.getHost() + "\r\nConnection: close\r\n"
                    + "Content-Type: application/pkcs10\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            int status = Integer.parseInt(text.substring(9, 12));
            return new Answer(status, Arrays.copyOfRange(all, headEnd + 4, all.length));
        }
    }

    /** Null when the answer is the certificate of {@code keys}; else what is wrong. */
    private static String check(byte[] body, KeyPair keys) {
        try {
            X509Certificate issued = CertsOnly.decode(Base64.getMimeDecoder().decode(body)).get(0);
            return issued.getPublicKey().equals(keys.getPublic())
                    || Arrays.equals(issued.getPublicKey().getEncoded(), keys.getPublic().getEncoded()) ? null : "wrong key";
        } catch (Exception unreadable) {
            return "unreadable answer";
        }
    }

    private List<byte[]> csrs(int count, String run) throws Exception {
        return csrs(count, run, new ArrayList<>());
    }

    private static final AtomicInteger RUN = new AtomicInteger();

    private List<byte[]> csrs(int count, String run, List<KeyPair> keys) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        int id = RUN.incrementAndGet();
        List<byte[]> csrs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            KeyPair pair = generator.generateKeyPair();
            keys.add(pair);
            csrs.add(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bench-" + run + "-" + id + "-" + i), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded());
        }
        return csrs;
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static javax.net.ssl.TrustManager[] trustManagers;

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        trustManagers = factory.getTrustManagers();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers, null);
        return context;
    }

    private static void installCorretto() {
        try {
            Class<?> accp = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
            accp.getMethod("assertHealthy").invoke(accp.getField("INSTANCE").get(null));
            accp.getMethod("install").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
            // Bouncy Castle and the JDK then
        }
    }

    private static String rss(String pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(line -> line.startsWith("VmRSS"))
                .map(line -> line.substring(6).strip()).findFirst().orElse("?");
    }

    private static Map<String, String> options(String[] arguments) {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i].startsWith("--")) {
                String name = arguments[i].substring(2);
                boolean hasValue = i + 1 < arguments.length && !arguments[i + 1].startsWith("--");
                options.put(name, hasValue ? arguments[++i] : "");
            }
        }
        return options;
    }
}
