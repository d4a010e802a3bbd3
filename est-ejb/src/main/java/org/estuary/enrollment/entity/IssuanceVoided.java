package org.estuary.enrollment.entity;

import jakarta.ejb.ApplicationException;

/**
 * What an issuance rested on changed between its checks and its commit: the certificate it renews was
 * revoked, or the approval it consumes was used or withdrawn. The issuance is not recorded and its
 * certificate is never handed out.
 */
@ApplicationException(rollback = true)
public class IssuanceVoided extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IssuanceVoided(String reason) {
        super(reason);
    }
}
