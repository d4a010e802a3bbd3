package org.estuary.ca.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.estuary.ca.entity.CertificateSearch;
import org.estuary.ca.entity.IssuedCertificate;

/** Reads the record of issued certificates (IssuanceRecorder writes it). */
@ApplicationScoped
public class IssuedCertificates {

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    /** The record of the certificate {@code serialNumber} of {@code issuerId}, if we issued it. */
    public Optional<IssuedCertificate> find(String issuerId, BigInteger serialNumber) {
        return em.createQuery("SELECT c FROM IssuedCertificate c WHERE c.issuerId = :issuerId"
                        + " AND c.serialNumber = :serialNumber", IssuedCertificate.class)
                .setParameter("issuerId", issuerId)
                .setParameter("serialNumber", serialNumber.toString(16))
                .getResultStream()
                .findFirst();
    }

    /** The records with serial {@code serialNumber}, whatever their issuer (one per issuer at most). */
    public List<IssuedCertificate> withSerial(BigInteger serialNumber) {
        return withSerialQuery(serialNumber).getResultList();
    }

    /** As {@link #withSerial}, locked until the caller's transaction ends: against a concurrent revocation or renewal. */
    public List<IssuedCertificate> withSerialLocked(BigInteger serialNumber) {
        return withSerialQuery(serialNumber).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /** A page of the records {@code search} selects, newest first. */
    public List<IssuedCertificate> search(CertificateSearch search) {
        return bind(em.createQuery("SELECT c FROM IssuedCertificate c" + where(search) + " ORDER BY c.issuedAt DESC, c.id DESC",
                        IssuedCertificate.class), search)
                .setFirstResult(search.offset())
                .setMaxResults(search.limit())
                .getResultList();
    }

    /** How many records {@code search} selects, all pages together. */
    public long count(CertificateSearch search) {
        return bind(em.createQuery("SELECT COUNT(c) FROM IssuedCertificate c" + where(search), Long.class), search)
                .getSingleResult();
    }

    private static String where(CertificateSearch search) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        search.serial().ifPresent(serial -> where.append(" AND c.serialNumber LIKE :serial"));
        search.commonName().ifPresent(cn -> where.append(" AND LOWER(c.commonName) LIKE :commonName ESCAPE '\\'"));
        search.profile().ifPresent(profile -> where.append(" AND c.profile = :profile"));
        search.status().ifPresent(status -> where.append(" AND c.status = :status"));
        return where.toString();
    }

    private static <T> TypedQuery<T> bind(TypedQuery<T> query, CertificateSearch search) {
        search.serial().ifPresent(serial -> query.setParameter("serial", serial + "%"));
        search.commonName().ifPresent(cn -> query.setParameter("commonName",
                "%" + cn.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
        search.profile().ifPresent(profile -> query.setParameter("profile", profile));
        search.status().ifPresent(status -> query.setParameter("status", status));
        return query;
    }

    private TypedQuery<IssuedCertificate> withSerialQuery(BigInteger serialNumber) {
        return em.createQuery("SELECT c FROM IssuedCertificate c WHERE c.serialNumber = :serialNumber ORDER BY c.issuerId",
                        IssuedCertificate.class)
                .setParameter("serialNumber", serialNumber.toString(16));
    }
}
