package org.estuary.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.estuary.audit.entity.AuditEvent;

/** Writes audit events. */
@Stateless
public class AuditTrail {

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    /** Records an outcome in the caller's transaction: it commits, or rolls back, with the work it describes. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(AuditEvent event) {
        em.persist(event);
    }

    /** Records a refusal or failure in a transaction of its own, so that it outlives the caller's rollback. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordOnItsOwn(AuditEvent event) {
        em.persist(event);
    }
}
