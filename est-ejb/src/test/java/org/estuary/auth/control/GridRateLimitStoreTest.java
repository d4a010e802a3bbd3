package org.estuary.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridRateLimitStoreTest {

    private final Instant now = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void anEntryKeepsOnlyTheTimesInsideTheWindow() {
        String entry = GridRateLimitStore.encode(List.of(
                now.minusSeconds(3601).toEpochMilli(), now.minusSeconds(3600).toEpochMilli(), now.minusSeconds(10).toEpochMilli()));

        assertEquals(List.of(now.minusSeconds(10).toEpochMilli()), GridRateLimitStore.inWindow(entry, Duration.ofHours(1), now));
    }

    @Test
    void noEntryIsNoTimes() {
        assertEquals(List.of(), GridRateLimitStore.inWindow(null, Duration.ofHours(1), now));
        assertEquals(List.of(), GridRateLimitStore.inWindow("", Duration.ofHours(1), now));
    }

    @Test
    void timesRoundTrip() {
        List<Long> times = List.of(1L, 2L, 1764237600000L);

        assertEquals(times, GridRateLimitStore.inWindow(GridRateLimitStore.encode(times), Duration.ofDays(30_000), Instant.ofEpochMilli(1764237600001L)));
    }
}
