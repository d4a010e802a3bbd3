package org.estuary.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Errors of one run by kind: an HTTP status other than 200 ("503"), an answer that is not the
 * right certificate ({@link EnrollAnswer}), a connection failure ("io"), a request not sent
 * because the run hit its time limit ("not-sent").
 */
final class ErrorTally {

    static final String IO = "io";
    static final String NOT_SENT = "not-sent";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void add(String kind, long times) {
        if (times > 0) {
            counts.computeIfAbsent(kind, k -> new LongAdder()).add(times);
        }
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** "0", or the kinds in order with their counts: "401:3 io:1". */
    @Override
    public String toString() {
        if (total() == 0) {
            return "0";
        }
        return new TreeMap<>(counts).entrySet().stream()
                .map(entry -> entry.getKey() + ":" + entry.getValue().sum())
                .collect(Collectors.joining(" "));
    }
}
