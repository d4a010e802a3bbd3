package org.estuary.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.audit.entity.AuditQuery;

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

    /** How many events of each action each profile has: profile name to action code to count, in one query. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Map<String, Map<String, Long>> countsByProfile() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        em.createQuery("SELECT e.profile, e.action, COUNT(e) FROM AuditEvent e GROUP BY e.profile, e.action", Object[].class)
                .getResultList()
                .forEach(row -> counts.computeIfAbsent((String) row[0], profile -> new TreeMap<>())
                        .put(((AuditAction) row[1]).code(), ((Number) row[2]).longValue()));
        return counts;
    }

    /** A page of events, newest first, as {@code query} selects them. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AuditEvent> recent(AuditQuery query) {
        List<AuditAction> actions = query.actions();
        if (actions.isEmpty()) {
            return List.of();
        }
        StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEvent e WHERE e.action IN :actions");
        if (query.profile() != null) {
            jpql.append(" AND e.profile = :profile");
        }
        if (query.since() != null) {
            jpql.append(" AND e.occurredAt >= :since");
        }
        if (query.before() != null) {
            jpql.append(" AND e.id < :before");
        }
        TypedQuery<AuditEvent> events = em.createQuery(jpql.append(" ORDER BY e.id DESC").toString(), AuditEvent.class)
                .setParameter("actions", actions)
                .setMaxResults(query.limit());
        if (query.profile() != null) {
            events.setParameter("profile", query.profile());
        }
        if (query.since() != null) {
            events.setParameter("since", query.since());
        }
        if (query.before() != null) {
            events.setParameter("before", query.before());
        }
        return events.getResultList();
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
