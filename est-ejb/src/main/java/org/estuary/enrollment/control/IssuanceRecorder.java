package org.estuary.enrollment.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.enrollment.entity.IssuanceVoided;
import org.estuary.enrollment.entity.NotAuthorized;
import org.estuary.enrollment.entity.PendingEnrollment;
import org.estuary.enrollment.entity.TemporarilyUnavailable;

/**
 * Records each issued certificate with its success audit row before the certificate leaves the
 * server, committing the issuances that arrive together in one transaction (group commit): one
 * database commit is the most expensive step of an enrollment, and concurrent enrollments share it.
 * A caller waits until its own record is committed; a batch that fails is retried entry by entry, so
 * one bad record fails only its own enrollment.
 */
@ApplicationScoped
public class IssuanceRecorder {

    private static final Logger LOG = Logger.getLogger(IssuanceRecorder.class.getName());

    /** The most issuances one transaction commits. */
    static final int MAX_BATCH = 128;

    /** How long a caller waits for the writer to take its issuance before the enrollment fails. */
    Duration queueTimeout = Duration.ofSeconds(30);

    /** How many issuances may wait for the writer before new ones are answered 503 at once. */
    int maxWaiting = 2_000;
    static final long RETRY_AFTER_SECONDS = 10;

    /**
     * One issuance to record, and the caller waiting for its commit. Whoever claims it first decides
     * its fate: the writer, which then commits it and the caller waits for the outcome, or a caller
     * that gave up waiting, which the writer then skips — so nothing is recorded that was not answered.
     *
     * @param approval the manual approval this issuance consumes, marked issued, or null
     */
    public record Entry(IssuedCertificate certificate, AuditEvent event, PendingEnrollment approval,
            CompletableFuture<Void> committed, AtomicBoolean claimed) {

        Entry(IssuedCertificate certificate, AuditEvent event, PendingEnrollment approval) {
            this(certificate, event, approval, new CompletableFuture<>(), new AtomicBoolean());
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    /** Put on the queue by {@link #stop()}: the writer stops when it takes it. */
    private static final Entry STOP = new Entry(null, null, null);

    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Object startLock = new Object();
    private volatile Thread writerThread;
    private volatile boolean stopped;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Inject
    IssuanceWriter writer;

    /**
     * Returns once {@code certificate}, {@code event} and {@code approval} (null when there is none)
     * are committed.
     *
     * @throws NotAuthorized when what the issuance rests on changed before its commit ({@link IssuanceVoided})
     * @throws TemporarilyUnavailable when the writer is too far behind, or did not take it within {@code queueTimeout}
     * @throws IllegalStateException when they were not committed: the certificate must not be handed out
     */
    public void record(IssuedCertificate certificate, AuditEvent event, PendingEnrollment approval)
            throws NotAuthorized, TemporarilyUnavailable {
        Entry entry = new Entry(certificate, event, approval);
        startWriter();
        if (queue.size() >= maxWaiting) {
            // The database is far behind: a quick 503 to retry, rather than a wait of queueTimeout for a 503.
            throw new TemporarilyUnavailable("too many certificates are waiting to be recorded; retry shortly", RETRY_AFTER_SECONDS);
        }
        queue.add(entry);
        if (stopped && queue.remove(entry)) {
            throw new IllegalStateException("the server is stopping");
        }
        try {
            try {
                entry.committed().get(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                if (entry.claim()) {
                    throw new TemporarilyUnavailable("the issued certificate was not taken for recording within " + queueTimeout
                            + "; retry shortly", RETRY_AFTER_SECONDS);
                }
                // The writer has it in a transaction: its outcome decides.
                entry.committed().get();
            }
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof IssuanceVoided voided) {
                throw new NotAuthorized(voided.getMessage());
            }
            throw new IllegalStateException("the issued certificate could not be recorded", failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the issued certificate was recorded");
        }
    }

    /** How many issuances wait for the writer now. */
    int waiting() {
        return queue.size();
    }

    private void startWriter() {
        Thread running = writerThread;
        if (running != null && running.isAlive()) {
            return;
        }
        synchronized (startLock) {
            if ((writerThread == null || !writerThread.isAlive()) && !stopped) {
                Thread thread = threads.newThread(this::writeUntilStopped);
                thread.setName("estuary-issuance-recorder");
                thread.start();
                writerThread = thread;
            }
        }
    }

    private void writeUntilStopped() {
        List<Entry> taken = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                taken.add(queue.take());
            } catch (InterruptedException interrupted) {
                break;
            }
            queue.drainTo(taken, MAX_BATCH - 1);
            boolean stop = taken.removeIf(entry -> entry == STOP);
            List<Entry> batch = taken.stream().filter(Entry::claim).toList();
            if (!batch.isEmpty()) {
                write(batch);
            }
            taken.clear();
            if (stop) {
                break;
            }
        }
        List<Entry> left = new ArrayList<>();
        queue.drainTo(left);
        left.stream().filter(entry -> entry != STOP)
                .forEach(entry -> entry.committed().completeExceptionally(new IllegalStateException("the server is stopping")));
    }

    /** Commits {@code batch}; when that fails, each entry on its own, so that one bad record fails only its own caller. */
    private void write(List<Entry> batch) {
        try {
            writer.write(batch);
            batch.forEach(entry -> entry.committed().complete(null));
        } catch (RuntimeException | Error batchFailed) {
            if (batch.size() == 1) {
                if (!(batchFailed instanceof IssuanceVoided)) {
                    LOG.log(Level.SEVERE, "an issued certificate could not be recorded", batchFailed);
                }
                batch.get(0).committed().completeExceptionally(batchFailed);
                return;
            }
            for (Entry entry : batch) {
                write(List.of(entry));
            }
        }
    }

    /** Stops the writer after what is queued; no interrupt, which could break a transaction in flight. */
    @PreDestroy
    void stop() {
        stopped = true;
        queue.add(STOP);
    }
}
