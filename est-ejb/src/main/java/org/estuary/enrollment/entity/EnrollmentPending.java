package org.estuary.enrollment.entity;

import jakarta.ejb.ApplicationException;
import org.estuary.audit.entity.AuditAction;

/**
 * RFC 7030 §4.2.3: the request is accepted for manual approval; the client should retry after
 * {@link #retryAfterSeconds()} (HTTP 202 with Retry-After). Commits the pending record.
 */
@ApplicationException(rollback = false)
public class EnrollmentPending extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public EnrollmentPending(long retryAfterSeconds) {
        this("enrollment is pending manual approval; retry later", retryAfterSeconds);
    }

    /** Pending for {@code reason}, e.g. an upstream CA's own approval. */
    public EnrollmentPending(String reason, long retryAfterSeconds) {
        super(reason);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public AuditAction auditAction(AuditAction operationFailed) {
        return AuditAction.ENROLLMENT_PENDING;
    }
}
