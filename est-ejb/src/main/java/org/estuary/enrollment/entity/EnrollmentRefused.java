package org.estuary.enrollment.entity;

import jakarta.ejb.ApplicationException;
import org.estuary.audit.entity.AuditAction;

/**
 * An enrollment the server declines for a reason the client can be told. The message is that
 * reason: short, and never internals. Rolls the enrollment's transaction back.
 */
@ApplicationException(rollback = true)
public abstract class EnrollmentRefused extends Exception {

    private static final long serialVersionUID = 1L;

    protected EnrollmentRefused(String reason) {
        super(reason);
    }

    /** The audit action that records this refusal of {@code operationFailed}. */
    public AuditAction auditAction(AuditAction operationFailed) {
        return operationFailed;
    }
}
