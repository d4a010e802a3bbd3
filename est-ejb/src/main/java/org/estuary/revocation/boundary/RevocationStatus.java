package org.estuary.revocation.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.Optional;
import org.estuary.ca.control.IssuedCertificates;
import org.estuary.ca.control.Issuer;
import org.estuary.ca.control.Issuers;
import org.estuary.revocation.control.OcspResponder;
import org.estuary.revocation.entity.PublishedCrl;

/** What relying parties ask about revocation: an issuer's CRL (RFC 5280 §5) and OCSP (RFC 6960). */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class RevocationStatus {

    @Inject
    Issuers issuers;

    @Inject
    IssuedCertificates issuedCertificates;

    @Inject
    CrlPublication publication;

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    private final Clock clock = Clock.systemUTC();

    /**
     * The DER of {@code issuerId}'s current CRL, as published; empty for an unknown issuer and for one
     * whose CA key is upstream (its CA publishes the CRL).
     */
    public Optional<byte[]> crl(String issuerId) {
        if (issuers.holdingKey(issuerId).isEmpty()) {
            return Optional.empty();
        }
        PublishedCrl published = em.find(PublishedCrl.class, issuerId);
        if (published == null) {
            publication.publishIfMissing(issuerId);
            published = em.find(PublishedCrl.class, issuerId);
        }
        return Optional.ofNullable(published).map(PublishedCrl::getDer);
    }

    /**
     * RFC 6960: the OCSP response to the DER OCSPRequest {@code request}, read from the record as it
     * stands; empty for an unknown issuer and for one whose CA key is upstream.
     */
    public Optional<OcspResponder.Answer> ocsp(String issuerId, byte[] request) {
        Optional<Issuer> issuer = issuers.holdingKey(issuerId);
        return issuer.map(ca -> OcspResponder.answer(request, ca,
                serial -> issuedCertificates.find(ca.id(), serial), clock.instant()));
    }
}
