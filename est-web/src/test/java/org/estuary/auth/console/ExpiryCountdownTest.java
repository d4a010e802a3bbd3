package org.estuary.auth.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiryCountdownTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static ExpiryCountdown in(Duration left) {
        return ExpiryCountdown.until(NOW.plus(left), NOW);
    }

    @Test
    void coloursByWhatIsLeft() {
        assertEquals(new ExpiryCountdown("in 400 days", "expiry-ok"), in(Duration.ofDays(400)));
        assertEquals(new ExpiryCountdown("in 30 days", "expiry-ok"), in(Duration.ofDays(30)));
        assertEquals(new ExpiryCountdown("in 29 days", "expiry-soon"), in(Duration.ofDays(30).minusSeconds(1)));
        assertEquals(new ExpiryCountdown("in 7 days", "expiry-soon"), in(Duration.ofDays(7)));
        assertEquals(new ExpiryCountdown("in 6 days", "expiry-urgent"), in(Duration.ofDays(7).minusSeconds(1)));
        assertEquals(new ExpiryCountdown("in 1 day", "expiry-urgent"), in(Duration.ofDays(1)));
        assertEquals(new ExpiryCountdown("in 5 h", "expiry-urgent"), in(Duration.ofHours(5)));
        assertEquals(new ExpiryCountdown("in 1 h", "expiry-urgent"), in(Duration.ofMinutes(3)));
        assertEquals(new ExpiryCountdown("EXPIRED", "expiry-expired"), in(Duration.ZERO));
        assertEquals(new ExpiryCountdown("EXPIRED", "expiry-expired"), in(Duration.ofDays(-3)));
    }
}
