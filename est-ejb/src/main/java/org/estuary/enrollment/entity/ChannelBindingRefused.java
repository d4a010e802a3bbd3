package org.estuary.enrollment.entity;

import org.estuary.audit.entity.AuditAction;

/**
 * The profile requires RFC 9266 {@code tls-exporter} channel binding (RFC 7030 §3.5 "linking identity
 * and POP information") and the request does not prove it. Recorded as
 * {@link AuditAction#AUTH_FAILED_CHANNEL_BINDING} whatever the operation.
 */
public abstract class ChannelBindingRefused extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    protected ChannelBindingRefused(String reason) {
        super(reason);
    }

    @Override
    public AuditAction auditAction(AuditAction operationFailed) {
        return AuditAction.AUTH_FAILED_CHANNEL_BINDING;
    }
}
