package org.estuary.revocation.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.estuary.ca.entity.CertificateStatus;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.revocation.entity.BulkRevocation;
import org.estuary.revocation.entity.RevocationReason;
import org.estuary.revocation.entity.RevokedCertificate;

/** The revocation side of the record of issued certificates. Joins the caller's transaction. */
@ApplicationScoped
public class RevocationRecords {

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    /** The entries of {@code issuerId}'s CRL: every certificate of it that is revoked, by serial. */
    public List<RevokedCertificate> revokedBy(String issuerId) {
        List<RevokedCertificate> revoked = new ArrayList<>();
        em.createQuery("SELECT c.serialNumber, c.revokedAt, c.revocationReason FROM IssuedCertificate c"
                        + " WHERE c.issuerId = :issuerId AND c.status = :revoked ORDER BY c.serialNumber", Object[].class)
                .setParameter("issuerId", issuerId)
                .setParameter("revoked", CertificateStatus.REVOKED)
                .getResultStream()
                .forEach(row -> revoked.add(new RevokedCertificate(new BigInteger((String) row[0], 16),
                        ((LocalDateTime) row[1]).toInstant(ZoneOffset.UTC), RevocationReason.ofName((String) row[2]))));
        return revoked;
    }

    /** When {@code issuerId} last revoked a certificate, if ever. */
    public Optional<LocalDateTime> latestRevocationBy(String issuerId) {
        return Optional.ofNullable(em.createQuery("SELECT MAX(c.revokedAt) FROM IssuedCertificate c WHERE c.issuerId = :issuerId",
                        LocalDateTime.class)
                .setParameter("issuerId", issuerId)
                .getSingleResult());
    }

    /** The outcome of a bulk revocation: how many EST records met the criteria, and which issuers revoked how many of them now. */
    public record BulkOutcome(long matched, Map<String, Integer> revokedByIssuer) {

        public int revoked() {
            return revokedByIssuer.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Revokes every EST certificate that meets {@code request}'s criteria and is not revoked yet. */
    public BulkOutcome revoke(BulkRevocation request, LocalDateTime at) {
        BulkRevocation.Criteria criteria = request.criteria();
        String where = where(criteria);
        long matched = matching(criteria);
        String stillIssued = where + " AND c.status = :issued";
        List<String> issuers = bind(em.createQuery("SELECT DISTINCT c.issuerId FROM IssuedCertificate c" + stillIssued,
                String.class), criteria).setParameter("issued", CertificateStatus.ISSUED).getResultList();
        Map<String, Integer> revoked = new TreeMap<>();
        for (String issuerId : issuers) {
            Query update = em.createQuery("UPDATE IssuedCertificate c SET c.status = :revoked, c.revokedAt = :at,"
                    + " c.revocationReason = :reason" + stillIssued + " AND c.issuerId = :issuerId");
            bind(update, criteria).setParameter("issued", CertificateStatus.ISSUED)
                    .setParameter("revoked", CertificateStatus.REVOKED)
                    .setParameter("at", at)
                    .setParameter("reason", request.reason().rfcName())
                    .setParameter("issuerId", issuerId);
            revoked.put(issuerId, update.executeUpdate());
        }
        return new BulkOutcome(matched, revoked);
    }

    /** How many EST certificates, revoked or not, meet {@code criteria}: what a bulk revocation would match now. */
    public long matching(BulkRevocation.Criteria criteria) {
        return bind(em.createQuery("SELECT COUNT(c) FROM IssuedCertificate c" + where(criteria), Long.class), criteria)
                .getSingleResult();
    }

    private static String where(BulkRevocation.Criteria criteria) {
        StringBuilder where = new StringBuilder(" WHERE c.source = :source");
        criteria.certificateProfileId().ifPresent(id -> where.append(" AND c.certificateProfile = :profileId"));
        criteria.label().ifPresent(label -> where.append(" AND c.profile = :label"));
        criteria.serials().ifPresent(serials -> where.append(" AND c.serialNumber IN :serials"));
        criteria.commonName().ifPresent(cn -> where.append(" AND c.commonName = :commonName"));
        criteria.issuedBefore().ifPresent(time -> where.append(" AND c.issuedAt < :issuedBefore"));
        return where.toString();
    }

    private static <Q extends Query> Q bind(Q query, BulkRevocation.Criteria criteria) {
        query.setParameter("source", IssuedCertificate.SOURCE_EST);
        criteria.certificateProfileId().ifPresent(id -> query.setParameter("profileId", id));
        criteria.label().ifPresent(label -> query.setParameter("label", label));
        criteria.serials().ifPresent(serials -> query.setParameter("serials", List.copyOf(serials)));
        criteria.commonName().ifPresent(cn -> query.setParameter("commonName", cn));
        criteria.issuedBefore().ifPresent(time -> query.setParameter("issuedBefore", LocalDateTime.ofInstant(time, ZoneOffset.UTC)));
        return query;
    }
}
