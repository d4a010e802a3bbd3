package org.estuary.enrollment.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.enrollment.entity.IssuanceVoided;
import org.estuary.enrollment.entity.NotAuthorized;
import org.estuary.enrollment.entity.TemporarilyUnavailable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IssuanceRecorderTest {

    /** A writer that takes its time, as a database commit does, and fails any batch holding a "bad" detail. */
    static final class SlowWriter extends IssuanceWriter {
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        final Set<String> committed = ConcurrentHashMap.newKeySet();

        volatile Runnable beforeWrite = () -> { };

        @Override
        public void write(List<IssuanceRecorder.Entry> entries) {
            beforeWrite.run();
            batchSizes.add(entries.size());
            sleep(20);
            if (entries.stream().anyMatch(entry -> entry.event().getDetail().startsWith("bad"))) {
                throw new IllegalStateException("constraint violation");
            }
            if (entries.stream().anyMatch(entry -> entry.event().getDetail().startsWith("revoked"))) {
                throw new IssuanceVoided("the certificate being renewed was revoked");
            }
            entries.forEach(entry -> committed.add(entry.event().getDetail()));
        }
    }

    private final SlowWriter writer = new SlowWriter();
    private final IssuanceRecorder recorder = new IssuanceRecorder();
    private final ExecutorService callers = Executors.newFixedThreadPool(16);

    IssuanceRecorderTest() {
        recorder.writer = writer;
        recorder.threads = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable task) {
                return new Thread(task);
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @AfterEach
    void stop() {
        recorder.stop();
        callers.shutdownNow();
    }

    @Test
    void concurrentIssuancesShareCommitsAndEachReturnsOnlyOnceItsOwnIsCommitted() throws Exception {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String detail = "device-" + i;
            results.add(callers.submit(() -> {
                recorder.record(null, event(detail), null);
                return writer.committed.contains(detail);
            }));
        }
        for (Future<Boolean> result : results) {
            assertTrue(result.get());
        }

        assertEquals(64, writer.committed.size());
        assertEquals(64, writer.batchSizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(writer.batchSizes.size() < 32, "64 issuances took " + writer.batchSizes.size() + " commits");
    }

    @Test
    void aBatchThatFailsIsRetriedEntryByEntrySoOnlyTheBadOneFails() throws Exception {
        List<Future<?>> good = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String detail = "device-" + i;
            good.add(submit(detail));
        }
        Future<?> bad = submit("bad-device");
        for (Future<?> result : good) {
            result.get();
        }

        Exception failure = assertThrows(Exception.class, bad::get);
        assertEquals("the issued certificate could not be recorded", failure.getCause().getMessage());
        assertEquals(8, writer.committed.size());
    }

    @Test
    void anIssuanceVoidedBeforeItsCommitIsRefusedToItsCallerAloneAsNotAuthorized() throws Exception {
        Future<?> renewal = submit("revoked-renewal");
        recorder.record(null, event("device-1"), null);

        Exception failure = assertThrows(Exception.class, () -> renewal.get(5, TimeUnit.SECONDS));
        assertInstanceOf(NotAuthorized.class, failure.getCause());
        assertEquals("the certificate being renewed was revoked", failure.getCause().getMessage());
        assertEquals(Set.of("device-1"), writer.committed);
    }

    @Test
    void aCallerThatGivesUpBeforeTheWriterTakesItsIssuanceFailsAndNothingOfItIsRecorded() throws Exception {
        recorder.queueTimeout = Duration.ofMillis(200);
        HeldBatch taken = new HeldBatch("taken");

        Future<?> abandoned = submit("abandoned");
        Exception failure = assertThrows(Exception.class, () -> abandoned.get(5, TimeUnit.SECONDS));
        taken.release();
        recorder.record(null, event("later"), null);

        assertTrue(failure.getCause().getMessage().startsWith("the issued certificate was not taken for recording within"));
        assertEquals(Set.of("taken", "later"), writer.committed,
                "the writer had the first in hand past the timeout and committed it; it skipped the abandoned one");
    }

    /** A writer far behind: beyond maxWaiting, an issuance is answered 503 at once instead of after the queue timeout. */
    @Test
    void aFullQueueRefusesAtOnceAsTemporarilyUnavailable() throws Exception {
        recorder.maxWaiting = 1;
        recorder.queueTimeout = Duration.ofMinutes(1);
        HeldBatch taken = new HeldBatch("taken");
        Future<?> waiting = submit("waiting");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (recorder.waiting() < 1 && System.nanoTime() < deadline) {
            sleep(10);
        }
        long started = System.nanoTime();
        TemporarilyUnavailable refused = assertThrows(TemporarilyUnavailable.class, () -> recorder.record(null, event("refused"), null));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "refused at once, not after the minute's queue timeout");
        taken.release();
        waiting.get(5, TimeUnit.SECONDS);

        assertEquals(IssuanceRecorder.RETRY_AFTER_SECONDS, refused.retryAfterSeconds());
        assertEquals(Set.of("taken", "waiting"), writer.committed);
    }

    private Future<?> submit(String detail) {
        return callers.submit(() -> {
            recorder.record(null, event(detail), null);
            return null;
        });
    }

    /** Issuance {@code detail}, with the writer held inside the batch that commits it until {@link #release()}. */
    private final class HeldBatch {

        private final CountDownLatch release = new CountDownLatch(1);
        private final Future<?> issuance;

        HeldBatch(String detail) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            writer.beforeWrite = () -> {
                started.countDown();
                await(release);
            };
            issuance = submit(detail);
            assertTrue(started.await(5, TimeUnit.SECONDS), "the writer took " + detail);
        }

        /** Lets the writer go on, holding no later batch, and waits for this issuance to be committed. */
        void release() throws Exception {
            writer.beforeWrite = () -> { };
            release.countDown();
            issuance.get(5, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static AuditEvent event(String detail) {
        return new AuditEvent(AuditAction.SIMPLE_ENROLL_SUCCESS, "default", "127.0.0.1", "anonymous", detail, null,
                Clock.systemUTC());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
