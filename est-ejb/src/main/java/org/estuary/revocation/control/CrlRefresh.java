package org.estuary.revocation.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.estuary.revocation.boundary.CrlPublication;
import org.estuary.revocation.entity.CertificatesRevoked;

/**
 * Regenerates the CRLs of the issuers that revoked something, once the revocation has committed
 * (a CRL built before the commit would not see it), on another thread: the administrator's call
 * does not wait for the signature.
 */
@ApplicationScoped
public class CrlRefresh {

    @Inject
    CrlPublication publication;

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CertificatesRevoked revoked) {
        revoked.issuerIds().forEach(publication::regenerateSoon);
    }
}
