package org.estuary.auth.control;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts events per key in a sliding window: what both limiters need, and all they need, so that a
 * store shared by a cluster can replace the in-memory one without touching them.
 */
public interface RateLimitStore {

    /** How many events {@code key} has in the window that ends at {@code now}. */
    int count(String key, Duration window, Instant now);

    /** Records one event of {@code key} at {@code now}. */
    void record(String key, Duration window, Instant now);

    /**
     * Records one event of {@code key} at {@code now} if it has fewer than {@code limit} in the window, in one
     * atomic step (a check and a record apart would let simultaneous requests, on one node or several, all
     * pass a cap); {@code false}, and nothing recorded, when the limit is reached.
     */
    boolean recordIfUnder(String key, int limit, Duration window, Instant now);

    /** When the oldest event of {@code key} still in the window leaves it; {@code now} when there is none. */
    Instant oldestLeaves(String key, Duration window, Instant now);
}
