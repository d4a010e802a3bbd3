package org.estuary.auth.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link RateLimitStore} in this process: a log of event times per key, for at most
 * {@code est.rate-limit.max-keys} keys (default 50 000); beyond that the key used longest ago is
 * forgotten, so memory stays bounded whatever a flood of source addresses does. The store of a single
 * node; {@link RateLimitStores} picks it unless the node is one of a cluster.
 */
public class InMemoryRateLimitStore implements RateLimitStore {

    private final Map<String, Deque<Instant>> events;

    public InMemoryRateLimitStore(int maxKeys) {
        this.events = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > maxKeys;
            }
        };
    }

    @Override
    public synchronized int count(String key, Duration window, Instant now) {
        Deque<Instant> log = events.get(key);
        if (log == null) {
            return 0;
        }
        expire(log, window, now);
        return log.size();
    }

    @Override
    public synchronized void record(String key, Duration window, Instant now) {
        Deque<Instant> log = events.computeIfAbsent(key, absent -> new ArrayDeque<>());
        expire(log, window, now);
        log.addLast(now);
    }

    @Override
    public synchronized boolean recordIfUnder(String key, int limit, Duration window, Instant now) {
        if (count(key, window, now) >= limit) {
            return false;
        }
        record(key, window, now);
        return true;
    }

    @Override
    public synchronized Instant oldestLeaves(String key, Duration window, Instant now) {
        Deque<Instant> log = events.get(key);
        if (log == null) {
            return now;
        }
        expire(log, window, now);
        return log.isEmpty() ? now : log.peekFirst().plus(window);
    }

    /** Keys currently remembered. */
    synchronized int size() {
        return events.size();
    }

    private static void expire(Deque<Instant> log, Duration window, Instant now) {
        Instant start = now.minus(window);
        while (!log.isEmpty() && !log.peekFirst().isAfter(start)) {
            log.removeFirst();
        }
    }
}
