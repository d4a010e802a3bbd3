package org.estuary.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.estuary.enrollment.entity.RateLimited;
import org.estuary.profile.entity.EstProfile;

/**
 * The two limits on abuse, per profile: a source address that failed HTTP Basic
 * {@value #FAILED_BASIC_LIMIT} times within an hour is locked out until the oldest of those
 * failures is an hour old; a (common name, source address) pair gets at most the profile's
 * {@code rate-limit-per-principal-24h} enrollments in 24 hours (0 = no limit), counted and admitted in
 * one atomic step of the store. The lock-out is judged before the password is checked and a failure
 * recorded after: attempts already in flight when the tenth failure is recorded are still judged, so a
 * source gets at most as many extra guesses as it sends at the same moment.
 */
@ApplicationScoped
public class AbuseLimits {

    static final int FAILED_BASIC_LIMIT = 10;
    static final Duration FAILED_BASIC_WINDOW = Duration.ofHours(1);
    static final Duration PRINCIPAL_WINDOW = Duration.ofHours(24);

    private RateLimitStore store;
    private Clock clock;

    @Inject
    public AbuseLimits(RateLimitStore store) {
        this(store, Clock.systemUTC());
    }

    AbuseLimits(RateLimitStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** For CDI proxies. */
    protected AbuseLimits() {
    }

    /** Refuses a source that is locked out after too many failed Basic attempts on this profile. */
    public void requireNotLockedOut(EstProfile profile, String source) throws RateLimited {
        Instant now = clock.instant();
        String key = failedBasicKey(profile, source);
        if (store.count(key, FAILED_BASIC_WINDOW, now) >= FAILED_BASIC_LIMIT) {
            throw new RateLimited("too many failed authentication attempts from " + source,
                    secondsUntil(store.oldestLeaves(key, FAILED_BASIC_WINDOW, now), now));
        }
    }

    public void recordFailedBasic(EstProfile profile, String source) {
        store.record(failedBasicKey(profile, source), FAILED_BASIC_WINDOW, clock.instant());
    }

    /** Counts one enrollment of {@code commonName} from {@code source}, or refuses it when the profile's cap is reached. */
    public void admitEnrollment(EstProfile profile, String commonName, String source) throws RateLimited {
        int cap = profile.authentication().rateLimitPerPrincipal24h();
        if (cap == 0) {
            return;
        }
        Instant now = clock.instant();
        String key = "principal|" + profile.name() + "|" + commonName + "|" + source;
        if (!store.recordIfUnder(key, cap, PRINCIPAL_WINDOW, now)) {
            throw new RateLimited("enrollment limit of " + cap + " per 24 hours reached for " + commonName + " from " + source,
                    secondsUntil(store.oldestLeaves(key, PRINCIPAL_WINDOW, now), now));
        }
    }

    private static String failedBasicKey(EstProfile profile, String source) {
        return "basic|" + profile.name() + "|" + source;
    }

    private static long secondsUntil(Instant when, Instant now) {
        return Duration.between(now, when).toSeconds() + 1;
    }
}
