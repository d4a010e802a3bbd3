package org.estuary.enrollment.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.enrollment.entity.EnrollmentPending;
import org.estuary.enrollment.entity.NotAuthorized;
import org.estuary.enrollment.entity.PendingEnrollment;
import org.estuary.enrollment.entity.PendingStatus;
import org.estuary.profile.entity.EstProfile;

/**
 * RFC 7030 §4.2.3: "If the server responds with an HTTP 202, this indicates that the request has
 * been accepted for processing but that a response is not yet available. The server MUST include a
 * Retry-After header". With manual approval on, a request is held until an administrator decides;
 * the client's retry of the same request then proceeds (approved) or is refused (rejected).
 * A held request commits in a transaction of its own (or the caller's, when it has one).
 */
@ApplicationScoped
public class ManualApproval {

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    private final Clock clock = Clock.systemUTC();

    /**
     * For a profile with manual approval on: passes with the approved record when the request was
     * approved; otherwise holds the request (202) or refuses it (rejected).
     */
    @Transactional
    public Optional<PendingEnrollment> admit(EstProfile.Approval approval, String profile, String operation,
            PKCS10CertificationRequest csr, String sourceAddress) throws EnrollmentPending, NotAuthorized {
        long retryAfterSeconds = approval.retryAfterSeconds();
        String fingerprint = fingerprintOf(csr);
        Optional<PendingEnrollment> latest = em.createQuery("SELECT p FROM PendingEnrollment p WHERE p.profile = :profile"
                        + " AND p.fingerprint = :fingerprint AND p.status <> :issued ORDER BY p.id DESC", PendingEnrollment.class)
                .setParameter("profile", profile)
                .setParameter("fingerprint", fingerprint)
                .setParameter("issued", PendingStatus.ISSUED)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
        if (latest.isEmpty()) {
            em.persist(new PendingEnrollment(profile, operation, fingerprint, csr.getSubject().toString(), sourceAddress,
                    LocalDateTime.now(clock)));
            throw new EnrollmentPending(retryAfterSeconds);
        }
        return switch (latest.get().getStatus()) {
            case PENDING -> throw new EnrollmentPending(retryAfterSeconds);
            case REJECTED -> throw new NotAuthorized("enrollment was rejected by an administrator");
            default -> latest;
        };
    }

    /** SHA-256 of the DER CertificationRequestInfo: subject, key and attributes, not the signature. */
    static String fingerprintOf(PKCS10CertificationRequest csr) {
        try {
            byte[] info = csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(info));
        } catch (IOException | NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("cannot fingerprint a parsed CSR", impossible);
        }
    }
}
