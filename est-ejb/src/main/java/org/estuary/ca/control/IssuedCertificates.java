package org.estuary.ca.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.estuary.ca.entity.IssuedCertificate;

/** Reads the record of issued certificates (IssuanceRecorder writes it). */
@ApplicationScoped
public class IssuedCertificates {

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    /** The record of the certificate {@code serialNumber} of {@code issuerId}, if we issued it. */
    public Optional<IssuedCertificate> find(String issuerId, BigInteger serialNumber) {
        return em.createQuery("SELECT c FROM IssuedCertificate c WHERE c.issuerId = :issuerId"
                        + " AND c.serialNumber = :serialNumber", IssuedCertificate.class)
                .setParameter("issuerId", issuerId)
                .setParameter("serialNumber", serialNumber.toString(16))
                .getResultStream()
                .findFirst();
    }

    /** The records with serial {@code serialNumber}, whatever their issuer (one per issuer at most). */
    public List<IssuedCertificate> withSerial(BigInteger serialNumber) {
        return withSerialQuery(serialNumber).getResultList();
    }

    /** As {@link #withSerial}, locked until the caller's transaction ends: against a concurrent revocation or renewal. */
    public List<IssuedCertificate> withSerialLocked(BigInteger serialNumber) {
        return withSerialQuery(serialNumber).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    private TypedQuery<IssuedCertificate> withSerialQuery(BigInteger serialNumber) {
        return em.createQuery("SELECT c FROM IssuedCertificate c WHERE c.serialNumber = :serialNumber ORDER BY c.issuerId",
                        IssuedCertificate.class)
                .setParameter("serialNumber", serialNumber.toString(16));
    }
}
