package org.estuary.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.estuary.auth.control.ProfileAuthenticationTest.MutableClock;
import org.estuary.enrollment.entity.RateLimited;
import org.estuary.profile.entity.EstProfile;
import org.estuary.profile.entity.ServerKeyGeneration;
import org.junit.jupiter.api.Test;

class AbuseLimitsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T00:00:00Z"));
    private final AbuseLimits limits = new AbuseLimits(new InMemoryRateLimitStore(1000), clock);

    @Test
    void aPrincipalGetsItsCapOfEnrollmentsPerDayFromOneAddress() throws Exception {
        EstProfile wifi = profile("wifi", 3);
        for (int i = 0; i < 3; i++) {
            limits.admitEnrollment(wifi, "laptop-001", "198.51.100.4");
            clock.advance(Duration.ofHours(1));
        }

        RateLimited fourth = assertThrows(RateLimited.class, () -> limits.admitEnrollment(wifi, "laptop-001", "198.51.100.4"));
        assertEquals("enrollment limit of 3 per 24 hours reached for laptop-001 from 198.51.100.4", fourth.getMessage());
        assertEquals(Duration.ofHours(21).toSeconds() + 1, fourth.retryAfterSeconds());
        limits.admitEnrollment(wifi, "laptop-002", "198.51.100.4");
        limits.admitEnrollment(wifi, "laptop-001", "198.51.100.5");
        limits.admitEnrollment(profile("iot", 3), "laptop-001", "198.51.100.4");

        clock.advance(Duration.ofHours(21));
        limits.admitEnrollment(wifi, "laptop-001", "198.51.100.4");
    }

    @Test
    void aCapOfZeroMeansNoLimit() throws Exception {
        EstProfile open = profile("open", 0);
        for (int i = 0; i < 100; i++) {
            limits.admitEnrollment(open, "device", "198.51.100.4");
        }
    }

    @Test
    void lockoutsAreCountedPerProfile() throws Exception {
        for (int i = 0; i < 10; i++) {
            limits.recordFailedBasic(profile("corp", 0), "203.0.113.9");
        }

        assertThrows(RateLimited.class, () -> limits.requireNotLockedOut(profile("corp", 0), "203.0.113.9"));
        limits.requireNotLockedOut(profile("iot", 0), "203.0.113.9");
        limits.requireNotLockedOut(profile("corp", 0), "203.0.113.10");
    }

    @Test
    void theStoreForgetsTheKeyUsedLongestAgoBeyondItsBound() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(3);
        Instant now = clock.instant();
        for (String key : new String[] {"a", "b", "c"}) {
            store.record(key, Duration.ofHours(1), now);
        }
        store.count("a", Duration.ofHours(1), now);
        store.record("d", Duration.ofHours(1), now);

        assertEquals(3, store.size());
        assertEquals(0, store.count("b", Duration.ofHours(1), now), "b was used longest ago");
        assertEquals(1, store.count("a", Duration.ofHours(1), now));
    }

    private static EstProfile profile(String name, int capPerDay) {
        return new EstProfile(name, name, "iss-local", Optional.empty(),
                new EstProfile.Authentication(Set.of(), Optional.empty(), false, Optional.empty(), false, capPerDay),
                new EstProfile.ServerKeygen(false, ServerKeyGeneration.EC_P256, false), new EstProfile.Approval(false, 60), false);
    }
}
