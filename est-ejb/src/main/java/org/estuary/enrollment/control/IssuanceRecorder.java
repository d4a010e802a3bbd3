package org.estuary.enrollment.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.enrollment.entity.PendingEnrollment;

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

    /** How long a caller waits for its commit before the enrollment fails. */
    static final long COMMIT_TIMEOUT_SECONDS = 60;

    /**
     * One issuance to record, and the caller waiting for its commit.
     *
     * @param approval the manual approval this issuance consumes, marked issued, or null
     */
    public record Entry(IssuedCertificate certificate, AuditEvent event, PendingEnrollment approval,
            CompletableFuture<Void> committed) {
    }

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
     * @throws IllegalStateException when they could not be committed: the certificate must not be handed out
     */
    public void record(IssuedCertificate certificate, AuditEvent event, PendingEnrollment approval) {
        Entry entry = new Entry(certificate, event, approval, new CompletableFuture<>());
        startWriter();
        queue.add(entry);
        try {
            entry.committed().get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            throw new IllegalStateException("the issued certificate could not be recorded", failed.getCause());
        } catch (TimeoutException slow) {
            throw new IllegalStateException("the issued certificate was not recorded within " + COMMIT_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the issued certificate was recorded");
        }
    }

    private void startWriter() {
        if (writerThread != null) {
            return;
        }
        synchronized (startLock) {
            if (writerThread == null && !stopped) {
                Thread thread = threads.newThread(this::writeUntilStopped);
                thread.setName("estuary-issuance-recorder");
                thread.start();
                writerThread = thread;
            }
        }
    }

    private void writeUntilStopped() {
        List<Entry> batch = new ArrayList<>(MAX_BATCH);
        while (!stopped) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException interrupted) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            write(batch);
            batch.clear();
        }
        List<Entry> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(entry -> entry.committed().completeExceptionally(new IllegalStateException("the server is stopping")));
    }

    private void write(List<Entry> batch) {
        try {
            writer.write(batch);
            batch.forEach(entry -> entry.committed().complete(null));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                LOG.log(Level.SEVERE, "an issued certificate could not be recorded", batchFailed);
                batch.get(0).committed().completeExceptionally(batchFailed);
                return;
            }
            for (Entry entry : batch) {
                write(List.of(entry));
            }
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        Thread thread = writerThread;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
