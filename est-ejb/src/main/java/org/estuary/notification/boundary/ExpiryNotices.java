package org.estuary.notification.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.estuary.ca.control.IssuedCertificates;
import org.estuary.ca.entity.CertificateStatus;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.notification.control.ExpiryThresholds;
import org.estuary.notification.control.WebhookDelivery;
import org.estuary.notification.entity.ExpiryNotice;

/**
 * The record of expiry notices, each step in a transaction of its own: which certificates are due
 * now, which notices may be delivered now (claimed, so that two nodes never post the same one at
 * once), and how each attempt went.
 */
@Stateless
public class ExpiryNotices {

    public static final String EVENT = "cert.expiring_soon";
    /** How long a claimed notice is left to its deliverer before another may try: longer than one post can take. */
    private static final Duration CLAIM = Duration.ofMinutes(2);
    /** How many due notices one claim looks at, should other nodes take the first ones. */
    private static final int CANDIDATES = 8;

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    @Inject
    IssuedCertificates issuedCertificates;

    /** A claimed notice to post now: its id, where, the lease it holds, and the event's JSON. */
    public record Delivery(String id, String webhook, LocalDateTime lease, byte[] body) {
    }

    /**
     * Creates the notices due at {@code now} that are not on record yet, one per webhook, for issued
     * certificates that nothing has renewed; answers how many it created.
     */
    public int recordDue(ExpiryThresholds thresholds, List<String> webhooks, LocalDateTime now) {
        List<Object[]> candidates = em.createQuery("SELECT c.issuerId, c.serialNumber, c.notAfter FROM IssuedCertificate c"
                        + " WHERE c.status = :issued AND c.notAfter > :now AND c.notAfter <= :horizon AND NOT EXISTS"
                        + " (SELECT r FROM IssuedCertificate r WHERE r.issuerId = c.issuerId AND r.renewsSerial = c.serialNumber)",
                        Object[].class)
                .setParameter("issued", CertificateStatus.ISSUED)
                .setParameter("now", now)
                .setParameter("horizon", now.plus(thresholds.horizon()))
                .getResultList();
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<String> recorded = new HashSet<>(em.createQuery("SELECT n.id FROM ExpiryNotice n WHERE n.notAfter > :now", String.class)
                .setParameter("now", now).getResultList());
        int created = 0;
        for (Object[] candidate : candidates) {
            String issuerId = (String) candidate[0];
            String serial = (String) candidate[1];
            LocalDateTime notAfter = (LocalDateTime) candidate[2];
            OptionalInt due = thresholds.dueAt(notAfter.toInstant(ZoneOffset.UTC), now.toInstant(ZoneOffset.UTC));
            if (due.isEmpty()) {
                continue;
            }
            for (String webhook : webhooks) {
                String id = noticeId(issuerId, serial, due.getAsInt(), webhook);
                if (recorded.add(id)) {
                    em.persist(new ExpiryNotice(id, issuerId, serial, due.getAsInt(), webhook, notAfter, now));
                    created++;
                }
            }
        }
        return created;
    }

    /**
     * Claims the next notice whose attempt is due, if any: its next attempt is moved to a lease a
     * little after now by a conditional update, so another node (or a later scan) takes it only if
     * this one never reports back. A notice is claimed just before it is posted, one at a time.
     */
    public Optional<Delivery> claimNext(LocalDateTime now) {
        List<ExpiryNotice> due = em.createQuery("SELECT n FROM ExpiryNotice n WHERE n.status = :pending AND n.nextAttemptAt <= :now"
                        + " ORDER BY n.nextAttemptAt", ExpiryNotice.class)
                .setParameter("pending", ExpiryNotice.Status.PENDING)
                .setParameter("now", now)
                .setMaxResults(CANDIDATES)
                .getResultList();
        LocalDateTime lease = now.plus(CLAIM);
        for (ExpiryNotice notice : due) {
            int taken = em.createQuery("UPDATE ExpiryNotice n SET n.nextAttemptAt = :lease WHERE n.id = :id"
                            + " AND n.status = :pending AND n.nextAttemptAt = :seen")
                    .setParameter("lease", lease)
                    .setParameter("id", notice.getId())
                    .setParameter("pending", ExpiryNotice.Status.PENDING)
                    .setParameter("seen", notice.getNextAttemptAt())
                    .executeUpdate();
            if (taken == 1) {
                return Optional.of(new Delivery(notice.getId(), notice.getWebhook(), lease, event(notice, now)));
            }
        }
        return Optional.empty();
    }

    /**
     * Records an attempt at a claimed notice: delivered, or to be retried with back-off, or given up;
     * nothing when its lease has passed to another deliverer meanwhile.
     */
    public void attempted(Delivery claimed, WebhookDelivery.Outcome outcome, LocalDateTime at) {
        ExpiryNotice notice = em.find(ExpiryNotice.class, claimed.id(), LockModeType.PESSIMISTIC_WRITE);
        if (notice != null && claimed.lease().equals(notice.getNextAttemptAt())) {
            notice.attempted(at, outcome.delivered(), outcome.result(), WebhookDelivery.retryAt(notice.getAttempts() + 1, at));
        }
    }

    public Optional<ExpiryNotice> find(String id) {
        return Optional.ofNullable(em.find(ExpiryNotice.class, id));
    }

    private byte[] event(ExpiryNotice notice, LocalDateTime now) {
        Optional<IssuedCertificate> certificate = issuedCertificates.find(notice.getIssuerId(), new BigInteger(notice.getSerialNumber(), 16));
        var json = Json.createObjectBuilder()
                .add("event", EVENT)
                .add("id", notice.getId())
                .add("issuer_id", notice.getIssuerId())
                .add("serial", notice.getSerialNumber())
                .add("not_after", notice.getNotAfter().toInstant(ZoneOffset.UTC).toString())
                .add("threshold_days", notice.getThresholdDays())
                .add("days_left", Duration.between(now, notice.getNotAfter()).toDays());
        certificate.ifPresent(found -> json.add("subject", found.getSubjectDn()).add("profile", found.getProfile()));
        return json.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One id per certificate, threshold and webhook: the SHA-256 of the four, in hex. */
    static String noticeId(String issuerId, String serial, int thresholdDays, String webhook) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    (issuerId + '\n' + serial + '\n' + thresholdDays + '\n' + webhook).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
