package org.estuary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOverTheSortedLatencies() {
        Latencies latencies = Latencies.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());

        assertEquals(50, latencies.percentile(50));
        assertEquals(95, latencies.percentile(95));
        assertEquals(99, latencies.percentile(99));
        assertEquals(100, latencies.percentile(100));
        assertEquals(100, latencies.max());
        assertEquals(100, latencies.count());
    }

    @Test
    void aFewLatenciesRoundTheRankUp() {
        Latencies latencies = Latencies.of(new long[] {30, 10, 20});

        assertEquals(20, latencies.percentile(50));
        assertEquals(30, latencies.percentile(95));
        assertEquals(10, latencies.percentile(1));
    }

    @Test
    void noLatenciesAreZero() {
        Latencies none = Latencies.of(new long[0]);

        assertEquals(0, none.percentile(99));
        assertEquals(0, none.max());
    }
}
