package org.estuary.notification.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The days before notAfter at which a certificate is announced as expiring soon (default 30, 7 and
 * 1). A certificate is due for the smallest threshold it has crossed: one issued with 20 days to live
 * is announced at 30 days, and again at 7 and at 1; one issued with 5 days only at 7 and 1. An
 * expired certificate is announced no more.
 */
public record ExpiryThresholds(List<Integer> days) {

    public static final ExpiryThresholds DEFAULT = new ExpiryThresholds(List.of(30, 7, 1));

    public ExpiryThresholds {
        days = days.stream().sorted((a, b) -> b - a).distinct().toList();
        if (days.isEmpty() || days.get(days.size() - 1) < 1 || days.get(0) > 3650) {
            throw new IllegalArgumentException("expiry thresholds are whole days from 1 to 3650, e.g. 30,7,1");
        }
    }

    /** @throws IllegalArgumentException naming the rule, for a list that is not whole days */
    public static ExpiryThresholds parse(String commaSeparated) {
        try {
            return new ExpiryThresholds(Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(Integer::valueOf).toList());
        } catch (NumberFormatException notDays) {
            throw new IllegalArgumentException("expiry thresholds are whole days from 1 to 3650, e.g. 30,7,1");
        }
    }

    /** The largest threshold: how far ahead of now certificates are looked at. */
    public Duration horizon() {
        return Duration.ofDays(days.get(0));
    }

    /** The threshold a certificate with {@code notAfter} is due for at {@code now}, if any. */
    public OptionalInt dueAt(Instant notAfter, Instant now) {
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative() || left.isZero()) {
            return OptionalInt.empty();
        }
        return days.stream().filter(threshold -> left.compareTo(Duration.ofDays(threshold)) <= 0)
                .mapToInt(Integer::intValue).min();
    }
}
