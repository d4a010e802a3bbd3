package org.estuary.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sign-in attempts per source address: after {@value #MAX_FAILURES} failures within
 * {@link #WINDOW}, that address may not try again until the window has passed, and no password is
 * hashed for it meanwhile (each check costs 600,000 PBKDF2 iterations). A success clears the address.
 * At most {@value #MAX_ADDRESSES} addresses are tracked; past that, expired entries go first and then
 * the table starts afresh, so memory stays bounded whoever knocks.
 */
@ApplicationScoped
public class SignInThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAX_ADDRESSES = 10_000;

    private record Failures(int count, Instant first) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public SignInThrottle() {
        this(Clock.systemUTC());
    }

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Whether {@code address} may try a password now. */
    public boolean mayTry(String address) {
        Failures seen = failures.get(address);
        return seen == null || seen.count() < MAX_FAILURES || expired(seen);
    }

    public void failed(String address) {
        if (failures.size() >= MAX_ADDRESSES) {
            failures.values().removeIf(this::expired);
            if (failures.size() >= MAX_ADDRESSES) {
                failures.clear();
            }
        }
        failures.merge(address, new Failures(1, clock.instant()),
                (old, one) -> expired(old) ? one : new Failures(old.count() + 1, old.first()));
    }

    public void succeeded(String address) {
        failures.remove(address);
    }

    private boolean expired(Failures seen) {
        return !clock.instant().isBefore(seen.first().plus(WINDOW));
    }
}
