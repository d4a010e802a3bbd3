package org.estuary.enrollment.entity;

import org.estuary.audit.entity.AuditAction;

/** Too many failed logins from one source, or too many enrollments of one principal (HTTP 429 with Retry-After). */
public class RateLimited extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public RateLimited(String reason, long retryAfterSeconds) {
        super(reason);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public AuditAction auditAction(AuditAction operationFailed) {
        return AuditAction.RATE_LIMITED;
    }
}
