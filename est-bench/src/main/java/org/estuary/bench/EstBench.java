package org.estuary.bench;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The command: checks the command line and the connection, makes every CSR, measures the
 * in-process limit, then each (mode, clients) run after a discarded warm-up, and prints the
 * figures as Markdown tables on standard output (progress goes to standard error).
 *
 * <p>Exit status: 0 when every measured enrollment was right, 1 when some failed, 2 when the
 * benchmark could not run.
 */
public final class EstBench {

    /** Enrollments done in process before the in-process limit is measured. */
    private static final int IN_PROCESS_WARMUP = 1000;

    private final BenchOptions options;
    private final PrintStream out;
    private final PrintStream progress;

    private EstBench(BenchOptions options, PrintStream out, PrintStream progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageError wrong) {
            System.err.println("est-bench: " + wrong.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        if (!Corretto.install()) {
            System.err.println("est-bench: Amazon Corretto Crypto Provider not installed here (off, or not loadable"
                    + " on this platform): the JDK's providers and Bouncy Castle do the cryptography");
        }
        int status;
        try {
            status = new EstBench(options, System.out, System.err).run();
        } catch (Exception failed) {
            System.err.println("est-bench: " + failed);
            status = 2;
        }
        System.exit(status);
    }

    private int run() throws Exception {
        ServerProcess server = null;
        if (options.serverPid() != null) {
            server = new ServerProcess(options.serverPid());
            if (server.residentKib() < 0) {
                progress.println("est-bench: no process " + options.serverPid() + " in /proc: no RSS or CPU readings");
                server = null;
            }
        }
        TlsConnector connector = new TlsConnector(options.host(), options.port(), options.caCert());
        SSLSession session;
        try (SSLSocket probe = connector.open(true)) {
            session = probe.getSession();
        }
        String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        int cores = Runtime.getRuntime().availableProcessors();

        out.println("est-bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", run " + run);
        out.println("server:  " + options.server() + options.enrollPath() + ", " + session.getProtocol() + " "
                + session.getCipherSuite());
        out.println("client:  Java " + Runtime.version() + ", " + cores + " cores, first JCA provider "
                + Corretto.firstProvider() + "; EC P-256 CSRs (SHA256withECDSA),"
                + " subjects CN=bench-" + run + "-<n>; " + options.requests() + " requests per run after a discarded"
                + " warm-up of 10 %, the first run after a server warm-up of " + options.serverWarmup() + " enrollments");
        if (server != null) {
            out.println("server RSS before: " + mib(server.residentKib()) + " (pid " + server.pid() + ")");
        }
        out.flush();

        int total = options.serverWarmup();
        for (int clients : options.clients()) {
            total += options.modes().size() * (options.warmupRequests(clients) + options.requests());
        }
        long began = System.nanoTime();
        progress.printf(Locale.ROOT, "est-bench: making %d key pairs and CSRs ...%n", total);
        List<PreparedCsr> pool = PreparedCsr.generate(run, 0, total);
        progress.printf(Locale.ROOT, "est-bench: made them in %.1f s%n", (System.nanoTime() - began) / 1e9);

        InProcessLimit.Result limit = inProcessLimit(pool.subList(0, options.requests()), cores);

        out.println();
        out.println("| mode | clients | requests | enrollments/s | p50 ms | p95 ms | p99 ms | max ms | errors"
                + " | connections | server CPU | bench CPU | of limit |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        out.flush();
        LoadRun load = new LoadRun(connector, options.enrollPath(), options.runLimit(), CpuUse.meter(server));
        Map<Mode, LoadRun.Result> best = new EnumMap<>(Mode.class);
        long errors = 0;
        int used = options.serverWarmup();
        if (used > 0) {
            progress.printf(Locale.ROOT, "est-bench: server warm-up (%d enrollments, 8 keep-alive clients) ...%n", used);
            reportErrors("server warm-up", load.run(Mode.KEEPALIVE, 8, pool.subList(0, used)));
        }
        for (Mode mode : options.modes()) {
            for (int clients : options.clients()) {
                int warmup = options.warmupRequests(clients);
                List<PreparedCsr> warmupCsrs = pool.subList(used, used + warmup);
                List<PreparedCsr> measuredCsrs = pool.subList(used + warmup, used + warmup + options.requests());
                used += warmup + options.requests();
                progress.printf(Locale.ROOT, "est-bench: %s, %d clients: warm-up (%d requests) ...%n",
                        mode.label(), clients, warmup);
                LoadRun.Result warm = load.run(mode, clients, warmupCsrs);
                reportErrors("warm-up", warm);
                progress.printf(Locale.ROOT, "est-bench: %s, %d clients: %d requests ...%n",
                        mode.label(), clients, options.requests());
                LoadRun.Result result = load.run(mode, clients, measuredCsrs);
                reportErrors("run", result);
                errors += result.errors().total();
                out.println(row(result, limit));
                out.flush();
                LoadRun.Result previous = best.get(mode);
                if (previous == null || result.enrollmentsPerSecond() > previous.enrollmentsPerSecond()) {
                    best.put(mode, result);
                }
            }
        }

        out.println();
        out.printf(Locale.ROOT, "server / in-process limit (%d threads, %.0f operations/s):%n%n", limit.threads(),
                limit.operationsPerSecond());
        out.println("| mode | best enrollments/s | at clients | ratio |");
        out.println("| --- | ---: | ---: | ---: |");
        for (Map.Entry<Mode, LoadRun.Result> entry : best.entrySet()) {
            LoadRun.Result result = entry.getValue();
            out.printf(Locale.ROOT, "| %s | %.1f | %d | %.3f |%n", entry.getKey().label(),
                    result.enrollmentsPerSecond(), result.clients(), ratio(result, limit));
        }
        if (server != null) {
            out.println();
            out.println("server RSS after: " + mib(server.residentKib()) + " (peak " + mib(server.peakResidentKib()) + ")");
        }
        out.flush();
        return errors == 0 ? 0 : 1;
    }

    private InProcessLimit.Result inProcessLimit(List<PreparedCsr> csrs, int cores) throws Exception {
        try (InProcessLimit limit = options.caKeystore() != null
                ? InProcessLimit.withKeystore(options.caKeystore(), options.caPasswordFile())
                : InProcessLimit.withThrowAwayCa()) {
            progress.println("est-bench: in-process limit: warm-up ...");
            // The server has compiled its hot paths by the time it is measured; so should this JVM.
            for (int done = 0; done < IN_PROCESS_WARMUP; done += csrs.size()) {
                InProcessLimit.Result warm = limit.measure(csrs, cores, true);
                if (warm.errors() > 0) {
                    throw new IllegalStateException("the in-process enrollment failed " + warm.errors() + " of "
                            + warm.operations() + " times");
                }
            }
            List<InProcessLimit.Result> results = new ArrayList<>();
            for (int threads : cores == 1 ? List.of(1) : List.of(1, cores)) {
                progress.printf(Locale.ROOT, "est-bench: in-process limit: %d thread(s) ...%n", threads);
                results.add(limit.measure(csrs, threads, false));
            }
            out.println();
            out.println("in-process limit: the server's code for one simpleenroll (CSR verified, baseline policy,"
                    + " leaf signed, certs-only PKCS#7), no HTTP, no database; " + limit.description());
            out.println();
            out.println("| threads | operations | operations/s | ms per operation and thread |");
            out.println("| ---: | ---: | ---: | ---: |");
            for (InProcessLimit.Result result : results) {
                out.printf(Locale.ROOT, "| %d | %d | %.1f | %.3f |%n", result.threads(), result.operations(),
                        result.operationsPerSecond(), result.threads() * 1000 / result.operationsPerSecond());
            }
            out.flush();
            return results.get(results.size() - 1);
        }
    }

    private void reportErrors(String what, LoadRun.Result result) {
        if (result.errors().total() == 0) {
            return;
        }
        progress.printf(Locale.ROOT, "est-bench: %s %s %d clients: errors %s%n", what, result.mode().label(),
                result.clients(), result.errors());
        result.firstErrors().forEach((kind, first) -> progress.println("  first " + kind + ": " + first));
    }

    static String row(LoadRun.Result result, InProcessLimit.Result limit) {
        Latencies latencies = result.latencies();
        return String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %s | %s | %s | %s | %s | %d | %s | %s | %.1f %% |",
                result.mode().label(), result.clients(), result.requests(), result.enrollmentsPerSecond(),
                millis(latencies.percentile(50)), millis(latencies.percentile(95)), millis(latencies.percentile(99)),
                millis(latencies.max()), result.errors(), result.connections(), cores(result.cpu().serverCores()),
                cores(result.cpu().benchCores()), 100 * ratio(result, limit));
    }

    private static double ratio(LoadRun.Result result, InProcessLimit.Result limit) {
        return limit.operationsPerSecond() == 0 ? 0 : result.enrollmentsPerSecond() / limit.operationsPerSecond();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String cores(double cores) {
        return Double.isNaN(cores) ? "-" : String.format(Locale.ROOT, "%.2f", cores);
    }

    private static String mib(long kib) {
        return kib < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }
}
