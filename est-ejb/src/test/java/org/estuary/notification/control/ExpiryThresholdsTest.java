package org.estuary.notification.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ExpiryThresholdsTest {

    private static final Instant NOT_AFTER = Instant.parse("2027-01-31T12:00:00Z");

    /** A clock walking an hour at a time through a certificate's last 40 days: each threshold comes due once, in order. */
    @Test
    void aCertificateWalksThroughEachThresholdOnce() {
        List<Integer> announced = new ArrayList<>();
        for (Instant now = NOT_AFTER.minus(Duration.ofDays(40)); now.isBefore(NOT_AFTER.plus(Duration.ofDays(2)));
                now = now.plus(Duration.ofHours(1))) {
            OptionalInt due = ExpiryThresholds.DEFAULT.dueAt(NOT_AFTER, now);
            if (due.isPresent() && (announced.isEmpty() || announced.get(announced.size() - 1) != due.getAsInt())) {
                announced.add(due.getAsInt());
            }
        }
        assertEquals(List.of(30, 7, 1), announced);
    }

    @Test
    void aShortLivedCertificateIsDueForTheSmallestThresholdItCrossed() {
        assertEquals(OptionalInt.of(30), ExpiryThresholds.DEFAULT.dueAt(NOT_AFTER, NOT_AFTER.minus(Duration.ofDays(20))));
        assertEquals(OptionalInt.of(7), ExpiryThresholds.DEFAULT.dueAt(NOT_AFTER, NOT_AFTER.minus(Duration.ofDays(5))));
        assertEquals(OptionalInt.of(30), ExpiryThresholds.DEFAULT.dueAt(NOT_AFTER, NOT_AFTER.minus(Duration.ofDays(30))));
        assertEquals(OptionalInt.empty(), ExpiryThresholds.DEFAULT.dueAt(NOT_AFTER, NOT_AFTER.minus(Duration.ofDays(30).plusSeconds(1))));
        assertEquals(OptionalInt.empty(), ExpiryThresholds.DEFAULT.dueAt(NOT_AFTER, NOT_AFTER), "expired: no more notices");
    }

    @Test
    void parsesAndRefuses() {
        assertEquals(List.of(60, 14, 2), ExpiryThresholds.parse(" 2, 60,14 ").days());
        assertEquals(Duration.ofDays(60), ExpiryThresholds.parse("2,60,14").horizon());
        assertThrows(IllegalArgumentException.class, () -> ExpiryThresholds.parse("30,seven"));
        assertThrows(IllegalArgumentException.class, () -> ExpiryThresholds.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> ExpiryThresholds.parse(""));
    }
}
