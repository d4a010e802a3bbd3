package org.estuary.auth.console;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * How soon a trust anchor expires, as the console shows it: green with 30 days or more left, amber
 * with 7 to 30, red with less than 7, and EXPIRED once past.
 *
 * @param text e.g. "in 41 days", "in 5 h", "EXPIRED"
 * @param colour the style class: {@code expiry-ok}, {@code expiry-soon}, {@code expiry-urgent}, {@code expiry-expired}
 */
public record ExpiryCountdown(String text, String colour) implements Serializable {

    public static ExpiryCountdown until(Instant notAfter, Instant now) {
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative() || left.isZero()) {
            return new ExpiryCountdown("EXPIRED", "expiry-expired");
        }
        long days = left.toDays();
        String text = days >= 1 ? "in " + days + (days == 1 ? " day" : " days") : "in " + Math.max(1, left.toHours()) + " h";
        String colour = days >= 30 ? "expiry-ok" : days >= 7 ? "expiry-soon" : "expiry-urgent";
        return new ExpiryCountdown(text, colour);
    }
}
