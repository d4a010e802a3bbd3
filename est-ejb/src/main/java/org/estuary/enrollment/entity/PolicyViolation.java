package org.estuary.enrollment.entity;

import static java.util.Objects.requireNonNull;

import org.estuary.audit.entity.AuditAction;

/**
 * A well-formed CSR that asks for something the server will not certify (HTTP 403). The
 * dimension names the rule it breaks ({@code key}, {@code signature}, {@code eku}, {@code san},
 * {@code subject}, {@code attribute}), so that audit rows and metrics can be grouped by it.
 */
public class PolicyViolation extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    private final String dimension;

    /** A refusal whose message reads {@code dimension + ": " + detail}, e.g. {@code key: RSA 1024 below minimum 2048}. */
    public PolicyViolation(String dimension, String detail) {
        super(requireNonNull(dimension, "dimension") + ": " + requireNonNull(detail, "detail"));
        this.dimension = dimension;
    }

    public String dimension() {
        return dimension;
    }

    @Override
    public AuditAction auditAction(AuditAction operationFailed) {
        return AuditAction.CSR_POLICY_VIOLATION;
    }
}
