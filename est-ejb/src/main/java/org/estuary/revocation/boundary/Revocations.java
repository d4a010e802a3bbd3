package org.estuary.revocation.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.estuary.admin.entity.AdminRequestRefused.Why;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.ca.control.Issuers;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.ca.control.IssuedCertificates;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.revocation.control.RevocationRecords;
import org.estuary.revocation.entity.BulkRevocation;
import org.estuary.revocation.entity.CertificatesRevoked;
import org.estuary.revocation.entity.RevocationReason;
import org.estuary.revocation.entity.RevocationRefused;

/**
 * The administrator's revocations (RFC 5280 §5.3.1 reasons). A revocation is final and audited with
 * the key that asked for it; once it commits, the CRLs of the issuers concerned are regenerated
 * ({@link CertificatesRevoked}), and OCSP answers from the record at once.
 */
@Stateless
public class Revocations {

    /** The audit rows of bulk revocations name no single EST profile. */
    static final String ADMIN = "admin";

    @Inject
    RevocationRecords records;

    @Inject
    IssuedCertificates issuedCertificates;

    @Inject
    AuditTrail auditTrail;

    @Inject
    Issuers issuers;

    @Inject
    Event<CertificatesRevoked> revoked;

    private final Clock clock = Clock.systemUTC();

    /** One revocation's outcome: the record as it stands, and whether this call revoked it. */
    public record Outcome(IssuedCertificate certificate, boolean changed) {
    }

    /**
     * Revokes the certificate with {@code serialNumber} for {@code reason}; one already revoked keeps its
     * first time and reason, and nothing changes.
     *
     * @throws RevocationRefused when no certificate, or more than one issuer's, has that serial
     */
    public Outcome revoke(BigInteger serialNumber, RevocationReason reason, String actor, String sourceAddress)
            throws RevocationRefused {
        String serial = serialNumber.toString(16);
        List<IssuedCertificate> found = issuedCertificates.withSerialLocked(serialNumber);
        if (found.isEmpty()) {
            throw new RevocationRefused(Why.UNKNOWN, "no certificate with serial " + serial);
        }
        if (found.size() > 1) {
            throw new RevocationRefused(Why.CONFLICT, "serial " + serial + " is on record for several issuers");
        }
        IssuedCertificate certificate = found.get(0);
        boolean changed = certificate.revoke(reason, now());
        if (changed) {
            auditTrail.record(new AuditEvent(AuditAction.CERTIFICATE_REVOKED, certificate.getProfile(), sourceAddress, actor,
                    "revoked serial " + serial + " of issuer " + certificate.getIssuerId() + ", reason " + reason.rfcName()
                            + (issuers.holdingKey(certificate.getIssuerId()).isEmpty()
                                    ? " (here only: its upstream CA publishes its status; revoke it there too)" : ""),
                    serial, clock));
            revoked.fire(new CertificatesRevoked(Set.of(certificate.getIssuerId())));
        }
        return new Outcome(certificate, changed);
    }

    /** How many EST certificates met a bulk revocation's criteria, and how many of them it revoked. */
    public record BulkOutcome(long matched, int revoked) {
    }

    /**
     * Revokes every EST certificate meeting all of {@code request}'s criteria that is not revoked yet.
     * One audit row records the criteria and the counts, even when nothing matched.
     */
    public BulkOutcome revoke(BulkRevocation request, String actor, String sourceAddress) {
        RevocationRecords.BulkOutcome outcome = records.revoke(request, now());
        auditTrail.record(new AuditEvent(AuditAction.BULK_REVOKE, request.criteria().label().orElse(ADMIN), sourceAddress,
                actor, "matched " + outcome.matched() + ", revoked " + outcome.revoked() + ": " + request.describe(), null,
                clock));
        if (outcome.revoked() > 0) {
            revoked.fire(new CertificatesRevoked(outcome.revokedByIssuer().keySet()));
        }
        return new BulkOutcome(outcome.matched(), outcome.revoked());
    }

    /** How many EST certificates a bulk revocation with {@code criteria} would match now: what a confirmation shows first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long countMatching(BulkRevocation.Criteria criteria) {
        return records.matching(criteria);
    }

    /** Whole seconds: a CRL's revocationDate has no finer precision (RFC 5280 §5.1.2.6, UTCTime), and OCSP says the same. */
    private LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
    }
}
