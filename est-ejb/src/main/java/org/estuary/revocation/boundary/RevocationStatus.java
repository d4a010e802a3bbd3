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
     * The DER of the current CRL named {@code crlId}: an issuer's id for its first key, {@code <issuerId>.g<n>}
     * for a key a rollover made ({@link org.estuary.ca.control.CaKey#crlId}), as published; empty for an
     * unknown issuer or key and for an issuer whose CA key is upstream (its CA publishes the CRL).
     */
    public Optional<byte[]> crl(String crlId) {
        if (issuers.keyOfCrl(crlId).isEmpty()) {
            return Optional.empty();
        }
        PublishedCrl published = em.find(PublishedCrl.class, crlId);
        if (published == null) {
            publication.publishIfMissing(crlId);
            published = em.find(PublishedCrl.class, crlId);
        }
        return Optional.ofNullable(published).map(PublishedCrl::getDer);
    }

    /**
     * RFC 6960: the OCSP response to the DER OCSPRequest {@code request}, read from the record as it
     * stands; empty for an unknown issuer and for one whose CA key is upstream.
     */
    public Optional<OcspResponder.Answer> ocsp(String issuerId, byte[] request) {
        Optional<Issuer> issuer = issuers.holdingKey(issuerId);
        return issuer.map(ca -> OcspResponder.answer(request, ca.id(), ca.keys(),
                serial -> issuedCertificates.find(ca.id(), serial), clock.instant()));
    }
}
