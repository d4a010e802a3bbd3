package org.estuary.auth.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * {@link RateLimitStore} in the cluster's data grid (JCache; Payara's Hazelcast), so every node sees
 * the same failed attempts and enrollments. An entry is a key's event times in the window, as epoch
 * milliseconds separated by commas; it is changed only by compare-and-set ({@code putIfAbsent},
 * {@code replace(key, old, new)}), so two nodes recording at once both count, and a cap is checked in the
 * same step as the event is recorded. An entry not changed for 25 hours (longer than any window)
 * expires; Hazelcast's default eviction for a JCache cache (10,000 entries per node, least recently
 * used first) bounds the number of entries.
 */
final class GridRateLimitStore implements RateLimitStore {

    static final String CACHE_NAME = "estuary-rate-limits";
    private static final String CACHE_MANAGER_JNDI = "payara/CacheManager";
    private static final int MAX_CAS_ATTEMPTS = 1000;

    private final Cache<String, String> events;

    GridRateLimitStore(Cache<String, String> events) {
        this.events = events;
    }

    /** The store in Payara's data grid; fails when this server has none (started with clustering off). */
    static GridRateLimitStore open() {
        CacheManager manager;
        try {
            manager = (CacheManager) new InitialContext().lookup(CACHE_MANAGER_JNDI);
        } catch (NamingException | ClassCastException missing) {
            throw new IllegalStateException("est.rate-limit.store=grid needs Payara's data grid (" + CACHE_MANAGER_JNDI
                    + "), which this server does not offer: start it clustered or use est.rate-limit.store=memory", missing);
        }
        Cache<String, String> cache = manager.getCache(CACHE_NAME, String.class, String.class);
        if (cache == null) {
            MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class)
                    .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.HOURS, 25)));
            try {
                cache = manager.createCache(CACHE_NAME, configuration);
            } catch (CacheException createdByAnotherNode) {
                cache = manager.getCache(CACHE_NAME, String.class, String.class);
            }
        }
        return new GridRateLimitStore(cache);
    }

    @Override
    public int count(String key, Duration window, Instant now) {
        return inWindow(events.get(key), window, now).size();
    }

    @Override
    public void record(String key, Duration window, Instant now) {
        recordIfUnder(key, Integer.MAX_VALUE, window, now);
    }

    @Override
    public boolean recordIfUnder(String key, int limit, Duration window, Instant now) {
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            String current = events.get(key);
            List<Long> times = inWindow(current, window, now);
            if (times.size() >= limit) {
                return false;
            }
            times.add(now.toEpochMilli());
            String updated = encode(times);
            if (current == null ? events.putIfAbsent(key, updated) : events.replace(key, current, updated)) {
                return true;
            }
        }
        throw new IllegalStateException("the rate-limit entry " + key + " changed under " + MAX_CAS_ATTEMPTS + " attempts to record");
    }

    @Override
    public Instant oldestLeaves(String key, Duration window, Instant now) {
        List<Long> times = inWindow(events.get(key), window, now);
        return times.isEmpty() ? now : Instant.ofEpochMilli(times.get(0)).plus(window);
    }

    /** The times of {@code entry} still inside the window ending at {@code now}, oldest first. */
    static List<Long> inWindow(String entry, Duration window, Instant now) {
        List<Long> times = new ArrayList<>();
        if (entry == null || entry.isEmpty()) {
            return times;
        }
        long start = now.minus(window).toEpochMilli();
        for (String time : entry.split(",")) {
            long millis = Long.parseLong(time);
            if (millis > start) {
                times.add(millis);
            }
        }
        return times;
    }

    static String encode(List<Long> times) {
        StringBuilder entry = new StringBuilder();
        for (Long time : times) {
            if (entry.length() > 0) {
                entry.append(',');
            }
            entry.append(time);
        }
        return entry.toString();
    }
}
