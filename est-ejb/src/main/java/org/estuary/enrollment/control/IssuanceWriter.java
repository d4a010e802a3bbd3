package org.estuary.enrollment.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Writes issued certificates, their audit rows and the approvals they consume, all of one call in one
 * transaction of its own.
 */
@Stateless
public class IssuanceWriter {

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    /** Persists every entry; commits when the call returns, or rolls back all of them. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void write(List<IssuanceRecorder.Entry> entries) {
        for (IssuanceRecorder.Entry entry : entries) {
            em.persist(entry.certificate());
            em.persist(entry.event());
            if (entry.approval() != null) {
                em.merge(entry.approval());
            }
        }
    }
}
