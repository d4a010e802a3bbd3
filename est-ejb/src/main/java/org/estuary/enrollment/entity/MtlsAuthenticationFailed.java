package org.estuary.enrollment.entity;

import org.estuary.audit.entity.AuditAction;

/** RFC 7030 §3.3.2: the mTLS route got no client certificate, or one its profile's trust bundle does not vouch for (HTTP 401). */
public class MtlsAuthenticationFailed extends AuthenticationRequired {

    private static final long serialVersionUID = 1L;

    public MtlsAuthenticationFailed(String reason) {
        super(reason);
    }

    @Override
    public AuditAction auditAction(AuditAction operationFailed) {
        return AuditAction.AUTH_FAILED_MTLS;
    }
}
