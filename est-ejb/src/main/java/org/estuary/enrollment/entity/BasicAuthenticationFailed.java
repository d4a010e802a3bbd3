package org.estuary.enrollment.entity;

import org.estuary.audit.entity.AuditAction;

/** RFC 7030 §3.2.3: the profile wants HTTP Basic and the request brought no or a wrong password (HTTP 401 with a challenge). */
public class BasicAuthenticationFailed extends AuthenticationRequired {

    private static final long serialVersionUID = 1L;

    public BasicAuthenticationFailed(String reason) {
        super(reason);
    }

    @Override
    public AuditAction auditAction(AuditAction operationFailed) {
        return AuditAction.AUTH_FAILED_BASIC;
    }
}
