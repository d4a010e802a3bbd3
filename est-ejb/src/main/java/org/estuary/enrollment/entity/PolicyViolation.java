package org.estuary.enrollment.entity;

import org.estuary.audit.entity.AuditAction;

/** A well-formed CSR that asks for something the server will not certify (HTTP 403). */
public class PolicyViolation extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    public PolicyViolation(String reason) {
        super(reason);
    }

    @Override
    public AuditAction auditAction(AuditAction operationFailed) {
        return AuditAction.CSR_POLICY_VIOLATION;
    }
}
