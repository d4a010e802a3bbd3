package org.estuary.ca.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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
}
