package org.estuary.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;

/** Writes audit events, and counts them per profile and outcome. */
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

    /** How many events of each action {@code profile} has, by action code. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Map<String, Long> countsOf(String profile) {
        Map<String, Long> counts = new TreeMap<>();
        em.createQuery("SELECT e.action, COUNT(e) FROM AuditEvent e WHERE e.profile = :profile GROUP BY e.action", Object[].class)
                .setParameter("profile", profile)
                .getResultList()
                .forEach(row -> counts.put(((AuditAction) row[0]).code(), ((Number) row[1]).longValue()));
        return counts;
    }

    /** The action codes of the events naming certificate {@code serial}, oldest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<String> actionsFor(String serial) {
        return em.createQuery("SELECT e.action FROM AuditEvent e WHERE e.certificateSerial = :serial ORDER BY e.id",
                        AuditAction.class)
                .setParameter("serial", serial)
                .getResultStream()
                .map(AuditAction::code)
                .toList();
    }
}
