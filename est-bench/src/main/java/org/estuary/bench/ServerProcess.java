package org.estuary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's JVM as Linux shows it in /proc: resident memory and CPU time. A reading that fails
 * (the process is gone, not Linux) is -1, never an exception: the benchmark goes on without it.
 */
final class ServerProcess {

    /** USER_HZ: the unit of utime and stime in /proc/PID/stat, 100 on every Linux this runs on. */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private final long pid;
    private final Path proc;

    ServerProcess(long pid) {
        this(pid, Path.of("/proc", Long.toString(pid)));
    }

    ServerProcess(long pid, Path proc) {
        this.pid = pid;
        this.proc = proc;
    }

    long pid() {
        return pid;
    }

    /** VmRSS in KiB, or -1. */
    long residentKib() {
        return statusField("VmRSS:");
    }

    /**
     * VmHWM, the peak resident size, in KiB, or -1; never below VmRSS of the same reading, which the
     * kernel counts more eagerly than the mark it raises lazily (RSS 620.9 MiB next to a peak of 620.8).
     */
    long peakResidentKib() {
        try {
            String status = Files.readString(proc.resolve("status"));
            long peak = statusField(status, "VmHWM:");
            return peak < 0 ? -1 : Math.max(peak, statusField(status, "VmRSS:"));
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** User plus system CPU time of all its threads, in nanoseconds, or -1. */
    long cpuNanos() {
        try {
            return cpuNanos(Files.readString(proc.resolve("stat")));
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** A KiB field of /proc/PID/status ("VmRSS:\t  123456 kB"), or -1. */
    static long statusField(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                String[] words = line.substring(field.length()).trim().split("\\s+");
                return Long.parseLong(words[0]);
            }
        }
        return -1;
    }

    /** utime + stime (fields 14 and 15 of /proc/PID/stat, counted after the command in parentheses). */
    static long cpuNanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so field k is fields[k - 3].
        long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    private long statusField(String field) {
        try {
            return statusField(Files.readString(proc.resolve("status")), field);
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }
}
