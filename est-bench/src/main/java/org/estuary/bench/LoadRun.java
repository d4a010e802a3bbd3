package org.estuary.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;

/**
 * One run: {@code clients} threads share the given CSRs, each enrolling the next one not yet
 * taken, until none is left or the run's time limit has passed. The clock starts when every
 * client is ready (in keep-alive mode: connected) and stops when the last answer is in.
 */
final class LoadRun {

    static final String CONTENT_TYPE = "application/pkcs10";

    /**
     * What one run measured.
     *
     * @param latencies of the right answers only
     * @param connections TCP+TLS connections opened while the clock ran or before it, in keep-alive mode one per client unless the server closed some
     * @param firstErrors the first message seen for each kind of error, for diagnosis
     */
    record Result(Mode mode, int clients, int requests, long elapsedNanos, Latencies latencies, ErrorTally errors,
            int connections, CpuUse cpu, Map<String, String> firstErrors) {

        double enrollmentsPerSecond() {
            return elapsedNanos == 0 ? 0 : latencies.count() * 1e9 / elapsedNanos;
        }
    }

    private final TlsConnector connector;
    private final String path;
    private final Duration limit;
    private final CpuUse.Meter cpuMeter;

    LoadRun(TlsConnector connector, String path, Duration limit, CpuUse.Meter cpuMeter) {
        this.connector = connector;
        this.path = path;
        this.limit = limit;
        this.cpuMeter = cpuMeter;
    }

    Result run(Mode mode, int clients, List<PreparedCsr> csrs) throws InterruptedException {
        int n = csrs.size();
        long[] latency = new long[n];
        boolean[] right = new boolean[n];
        ErrorTally errors = new ErrorTally();
        Map<String, String> firstErrors = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger connections = new AtomicInteger();
        AtomicLong start = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CpuUse.Reading[] cpuAtStart = new CpuUse.Reading[1];
        CyclicBarrier ready = new CyclicBarrier(clients, () -> {
            cpuAtStart[0] = cpuMeter.read();
            start.set(System.nanoTime());
        });
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                Client client = new Client(mode, errors, firstErrors, connections);
                try {
                    if (mode == Mode.KEEPALIVE) {
                        client.connectQuietly();
                    }
                    ready.await();
                    long deadline = start.get() + limit.toNanos();
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        if (System.nanoTime() - deadline > 0) {
                            errors.add(ErrorTally.NOT_SENT);
                            continue;
                        }
                        PreparedCsr csr = csrs.get(i);
                        long began = System.nanoTime();
                        Http1.Response response = client.enroll(csr);
                        long took = System.nanoTime() - began;
                        if (response == null) {
                            continue;
                        }
                        if (response.status() != 200) {
                            errors.add(Integer.toString(response.status()));
                            firstErrors.putIfAbsent(Integer.toString(response.status()), excerpt(response.body()));
                            continue;
                        }
                        String problem = EnrollAnswer.problemWith(response.body(), csr.publicKey());
                        if (problem != null) {
                            errors.add(problem);
                            firstErrors.putIfAbsent(problem, csr.subject());
                            continue;
                        }
                        latency[i] = took;
                        right[i] = true;
                    }
                } catch (InterruptedException | BrokenBarrierException stopped) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | Error broken) {
                    failure.compareAndSet(null, broken);
                } finally {
                    client.close();
                }
            }, "est-bench-" + mode.label() + "-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a client broke: " + failure.get(), failure.get());
        }
        long elapsed = System.nanoTime() - start.get();
        CpuUse cpu = CpuUse.between(cpuAtStart[0], cpuMeter.read(), elapsed);
        int count = 0;
        for (boolean r : right) {
            count += r ? 1 : 0;
        }
        long[] rightLatencies = new long[count];
        for (int i = 0, j = 0; i < n; i++) {
            if (right[i]) {
                rightLatencies[j++] = latency[i];
            }
        }
        return new Result(mode, clients, n, elapsed, Latencies.of(rightLatencies), errors, connections.get(), cpu,
                Map.copyOf(firstErrors));
    }

    /** One client's connection: kept across requests in keep-alive mode, one per request otherwise. */
    private final class Client {
        private final Mode mode;
        private final ErrorTally errors;
        private final Map<String, String> firstErrors;
        private final AtomicInteger connections;
        private SSLSocket socket;
        private InputStream in;
        private OutputStream out;

        Client(Mode mode, ErrorTally errors, Map<String, String> firstErrors, AtomicInteger connections) {
            this.mode = mode;
            this.errors = errors;
            this.firstErrors = firstErrors;
            this.connections = connections;
        }

        void connectQuietly() {
            try {
                connect();
            } catch (IOException | RuntimeException failed) {
                // Counted when the first request finds no connection and fails to make one.
                close();
            }
        }

        /** The answer, or null after an I/O error (tallied). */
        Http1.Response enroll(PreparedCsr csr) {
            boolean close = mode == Mode.HANDSHAKE;
            try {
                if (socket == null) {
                    connect();
                }
                out.write(Http1.post(connector.authority(), path, CONTENT_TYPE, csr.body(), close));
                out.flush();
                Http1.Response response = Http1.read(in);
                if (close || response.closesConnection()) {
                    close();
                }
                return response;
            } catch (IOException failed) {
                errors.add(ErrorTally.IO);
                firstErrors.putIfAbsent(ErrorTally.IO, failed.toString());
                close();
                return null;
            }
        }

        private void connect() throws IOException {
            socket = connector.open(mode == Mode.HANDSHAKE);
            connections.incrementAndGet();
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the connection is gone either way
                }
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
