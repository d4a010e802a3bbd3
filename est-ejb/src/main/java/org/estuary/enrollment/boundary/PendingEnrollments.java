package org.estuary.enrollment.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.enrollment.entity.PendingEnrollment;
import org.estuary.enrollment.entity.PendingStatus;

/** The administrator's side of manual approval (RFC 7030 §4.2.3): list, approve, reject. */
@Stateless
public class PendingEnrollments {

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    @Inject
    AuditTrail auditTrail;

    private final Clock clock = Clock.systemUTC();

    /** Requests waiting for a decision, oldest first. */
    public List<PendingEnrollment> waiting() {
        return em.createQuery("SELECT p FROM PendingEnrollment p WHERE p.status = :pending ORDER BY p.id",
                        PendingEnrollment.class)
                .setParameter("pending", PendingStatus.PENDING)
                .getResultList();
    }

    /**
     * Records the decision on request {@code id} with its audit row. Empty when there is no such
     * request; a request already decided stays as it is and is returned unchanged.
     */
    public Optional<PendingEnrollment> decide(long id, boolean approve, String actor, String sourceAddress) {
        PendingEnrollment pending = em.find(PendingEnrollment.class, id);
        if (pending == null) {
            return Optional.empty();
        }
        if (pending.getStatus() == PendingStatus.PENDING) {
            pending.decide(approve, actor, LocalDateTime.now(clock));
            auditTrail.record(new AuditEvent(approve ? AuditAction.ENROLLMENT_APPROVED : AuditAction.ENROLLMENT_REJECTED,
                    pending.getProfile(), sourceAddress, actor, pending.getOperation() + " of " + pending.getSubjectDn()
                    + " (request " + id + ")", null, clock));
        }
        return Optional.of(pending);
    }
}
