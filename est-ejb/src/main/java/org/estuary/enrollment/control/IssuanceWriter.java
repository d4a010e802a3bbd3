package org.estuary.enrollment.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.util.List;
import org.estuary.ca.control.IssuedCertificates;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.enrollment.entity.IssuanceVoided;
import org.estuary.enrollment.entity.PendingEnrollment;
import org.estuary.enrollment.entity.PendingStatus;

/**
 * Writes issued certificates, their audit rows and the approvals they consume, all of one call in one
 * transaction of its own; and checks again, under lock, what each rests on, since the checks that
 * admitted it ran before the commit.
 */
@Stateless
public class IssuanceWriter {

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    @Inject
    IssuedCertificates issuedCertificates;

    /**
     * Persists every entry; commits when the call returns, or rolls back all of them.
     *
     * @throws IssuanceVoided when a renewed certificate was revoked or an approval used meanwhile
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void write(List<IssuanceRecorder.Entry> entries) {
        for (IssuanceRecorder.Entry entry : entries) {
            requireRenewedNotRevoked(entry.certificate());
            em.persist(entry.certificate());
            em.persist(entry.event());
            if (entry.approval() != null) {
                consume(entry.approval(), entry.certificate().getSerialNumber());
            }
        }
    }

    /**
     * RFC 7030 §4.2.2 renews a valid certificate: one revoked since its client authenticated renews
     * nothing. The lock orders this against a revocation of the same record (which locks it too).
     */
    private void requireRenewedNotRevoked(IssuedCertificate certificate) {
        if (certificate.getRenewsSerial() == null) {
            return;
        }
        boolean revoked = issuedCertificates.withSerialLocked(new BigInteger(certificate.getRenewsSerial(), 16)).stream()
                .anyMatch(renewed -> renewed.getIssuerId().equals(certificate.getIssuerId()) && renewed.isRevoked());
        if (revoked) {
            throw new IssuanceVoided("the certificate being renewed was revoked");
        }
    }

    /** Marks the approval issued, once: a second retry of the same approved request, or a withdrawn approval, gets nothing. */
    private void consume(PendingEnrollment approval, String serial) {
        int consumed = em.createQuery("UPDATE PendingEnrollment p SET p.status = :issued, p.certificateSerial = :serial"
                        + " WHERE p.id = :id AND p.status = :approved")
                .setParameter("issued", PendingStatus.ISSUED)
                .setParameter("serial", serial)
                .setParameter("id", approval.getId())
                .setParameter("approved", PendingStatus.APPROVED)
                .executeUpdate();
        if (consumed != 1) {
            throw new IssuanceVoided("the approval of this request was already used or withdrawn");
        }
    }
}
