package org.estuary.ca.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import org.estuary.ca.entity.IssuedCertificate;

/** The record of issued certificates. Joins the caller's transaction. */
@ApplicationScoped
public class IssuedCertificates {

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    /** Stores the record and flushes, so a constraint violation surfaces inside the issuing transaction. */
    public void add(IssuedCertificate certificate) {
        em.persist(certificate);
        em.flush();
    }

    public Optional<IssuedCertificate> bySerial(String issuerId, String serialNumber) {
        return em.createNamedQuery(IssuedCertificate.BY_SERIAL, IssuedCertificate.class)
                .setParameter("issuerId", issuerId)
                .setParameter("serialNumber", serialNumber)
                .getResultStream()
                .findFirst();
    }
}
