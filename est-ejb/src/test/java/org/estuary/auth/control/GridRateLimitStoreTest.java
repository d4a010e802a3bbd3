package org.estuary.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
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

    @Test
    void simultaneousRecordsUnderACapAdmitExactlyTheCap() throws Exception {
        GridRateLimitStore store = new GridRateLimitStore(mapBackedCache(new ConcurrentHashMap<>()));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<Future<?>> done = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            done.add(threads.submit(() -> {
                start.await();
                if (store.recordIfUnder("principal|cn", 5, Duration.ofHours(24), now)) {
                    admitted.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> each : done) {
            each.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertEquals(5, admitted.get(), "64 simultaneous enrollments against a cap of 5");
        assertEquals(5, store.count("principal|cn", Duration.ofHours(24), now));
        assertEquals(now.plus(Duration.ofHours(24)), store.oldestLeaves("principal|cn", Duration.ofHours(24), now));
    }

    @Test
    void recordsFromManyThreadsAreAllCounted() throws Exception {
        GridRateLimitStore store = new GridRateLimitStore(mapBackedCache(new ConcurrentHashMap<>()));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 40; i++) {
            threads.submit(() -> store.record("basic|corp|203.0.113.9", Duration.ofHours(1), now));
        }
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);

        assertEquals(40, store.count("basic|corp|203.0.113.9", Duration.ofHours(1), now));
    }

    /** The three JCache operations the store uses, on a map whose compare-and-set is atomic as the grid's is. */
    @SuppressWarnings("unchecked")
    private static Cache<String, String> mapBackedCache(ConcurrentMap<String, String> map) {
        return (Cache<String, String>) Proxy.newProxyInstance(Cache.class.getClassLoader(), new Class<?>[] {Cache.class},
                (proxy, method, arguments) -> {
                    switch (method.getName() + "/" + method.getParameterCount()) {
                        case "get/1":
                            return map.get((String) arguments[0]);
                        case "putIfAbsent/2":
                            return map.putIfAbsent((String) arguments[0], (String) arguments[1]) == null;
                        case "replace/3":
                            return map.replace((String) arguments[0], (String) arguments[1], (String) arguments[2]);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
