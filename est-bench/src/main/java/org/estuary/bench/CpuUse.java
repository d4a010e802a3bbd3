package org.estuary.bench;

import java.lang.management.ManagementFactory;

/**
 * The CPU the benchmark and the server used during a run, in cores (CPU time over wall time):
 * on a machine where both share the cores, it tells whether the client was in the server's way.
 *
 * @param serverCores NaN when the server's process is not known
 */
record CpuUse(double benchCores, double serverCores) {

    /** CPU time consumed so far, in nanoseconds; the server's is -1 when unknown. */
    record Reading(long benchNanos, long serverNanos) {
    }

    /** Reads both processes' CPU time. */
    interface Meter {
        Reading read();
    }

    static CpuUse between(Reading before, Reading after, long wallNanos) {
        double bench = wallNanos <= 0 ? Double.NaN : (after.benchNanos() - before.benchNanos()) / (double) wallNanos;
        double server = wallNanos <= 0 || before.serverNanos() < 0 || after.serverNanos() < 0 ? Double.NaN
                : (after.serverNanos() - before.serverNanos()) / (double) wallNanos;
        return new CpuUse(bench, server);
    }

    /** This JVM's CPU time and, when given, the server's from /proc. */
    static Meter meter(ServerProcess server) {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return () -> new Reading(
                os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1,
                server == null ? -1 : server.cpuNanos());
    }
}
