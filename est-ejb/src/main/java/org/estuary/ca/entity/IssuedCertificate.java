package org.estuary.ca.entity;

import static java.util.Objects.requireNonNull;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import org.estuary.revocation.entity.RevocationReason;

/**
 * A certificate we signed, committed before it is handed out. The serial number is unique
 * per issuer under the constraint {@code uq_issued_certificate_serial} of the schema script
 * (RFC 5280 §4.1.2.2). Times are UTC.
 */
@Entity
@Table(name = "issued_certificate")
public class IssuedCertificate {

    /** Where the certificate was requested. */
    public static final String SOURCE_EST = "EST";

    @Id
    @SequenceGenerator(name = "issued_certificate_seq", sequenceName = "issued_certificate_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "issued_certificate_seq")
    private Long id;

    /** Lower-case hexadecimal, no leading zeros. */
    @Column(name = "serial_number", nullable = false, length = 64)
    private String serialNumber;

    @Column(name = "issuer_id", nullable = false, length = 64)
    private String issuerId;

    @Column(name = "subject_dn", nullable = false, length = 1024)
    private String subjectDn;

    @Column(name = "common_name", length = 256)
    private String commonName;

    @Column(name = "subject_alt_names", length = IssuedCertificateFacts.SUBJECT_ALT_NAMES_COLUMN)
    private String subjectAltNames;

    @Column(name = "key_algorithm", nullable = false, length = 32)
    private String keyAlgorithm;

    @Column(name = "not_before", nullable = false)
    private LocalDateTime notBefore;

    @Column(name = "not_after", nullable = false)
    private LocalDateTime notAfter;

    @Column(name = "issued_at", nullable = false)
    private LocalDateTime issuedAt;

    @Column(name = "profile", nullable = false, length = 64)
    private String profile;

    @Column(name = "source", nullable = false, length = 16)
    private String source;

    @Column(name = "requested_from", length = 64)
    private String requestedFrom;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private CertificateStatus status;

    @Column(name = "der", nullable = false, length = 16384)
    private byte[] der;

    /** The serial of the certificate this one renews (RFC 7030 §4.2.2), null for a first enrollment. */
    @Column(name = "renews_serial", length = 64)
    private String renewsSerial;

    /** The certificate profile (policy) it was issued under; null for the baseline policy. */
    @Column(name = "certificate_profile", length = 64)
    private String certificateProfile;

    /** When it was revoked (UTC), null while it is not. */
    @Column(name = "revoked_at")
    private LocalDateTime revokedAt;

    /** The RFC 5280 §5.3.1 name of the reason, null while it is not revoked. */
    @Column(name = "revocation_reason", length = 32)
    private String revocationReason;

    protected IssuedCertificate() {
        // for JPA
    }

    /**
     * @param certificateProfile the id of the certificate profile (policy) it is issued under, null for the baseline
     */
    public IssuedCertificate(IssuedCertificateFacts facts, String profile, String certificateProfile, String source,
            String requestedFrom, LocalDateTime issuedAt) {
        requireNonNull(facts, "facts");
        this.serialNumber = facts.serialNumber();
        this.issuerId = facts.issuerId();
        this.subjectDn = facts.subjectDn();
        this.commonName = facts.commonName();
        this.subjectAltNames = facts.subjectAltNames();
        this.keyAlgorithm = facts.keyAlgorithm();
        this.notBefore = facts.notBefore();
        this.notAfter = facts.notAfter();
        this.der = facts.der().clone();
        this.profile = requireNonNull(profile, "profile");
        this.certificateProfile = certificateProfile;
        this.source = requireNonNull(source, "source");
        this.requestedFrom = requestedFrom;
        this.issuedAt = requireNonNull(issuedAt, "issuedAt");
        this.status = CertificateStatus.ISSUED;
    }

    public Long getId() {
        return id;
    }

    public String getSerialNumber() {
        return serialNumber;
    }

    public String getIssuerId() {
        return issuerId;
    }

    public String getSubjectDn() {
        return subjectDn;
    }

    public String getCommonName() {
        return commonName;
    }

    public String getSubjectAltNames() {
        return subjectAltNames;
    }

    public String getKeyAlgorithm() {
        return keyAlgorithm;
    }

    public LocalDateTime getNotBefore() {
        return notBefore;
    }

    public LocalDateTime getNotAfter() {
        return notAfter;
    }

    public LocalDateTime getIssuedAt() {
        return issuedAt;
    }

    public String getProfile() {
        return profile;
    }

    public String getSource() {
        return source;
    }

    public String getRequestedFrom() {
        return requestedFrom;
    }

    public CertificateStatus getStatus() {
        return status;
    }

    /** Records that this certificate renews {@code previous} (same issuer). */
    public void renew(IssuedCertificate previous) {
        if (!previous.issuerId.equals(issuerId)) {
            throw new IllegalArgumentException("a certificate renews one of its own issuer");
        }
        this.renewsSerial = previous.serialNumber;
    }

    public boolean isRevoked() {
        return status == CertificateStatus.REVOKED;
    }

    /**
     * Revokes the certificate for {@code reason} at {@code at}. Revocation is final: a certificate
     * already revoked keeps its first time and reason.
     *
     * @return whether this call changed anything
     */
    public boolean revoke(RevocationReason reason, LocalDateTime at) {
        if (isRevoked()) {
            return false;
        }
        this.status = CertificateStatus.REVOKED;
        this.revocationReason = requireNonNull(reason, "reason").rfcName();
        this.revokedAt = requireNonNull(at, "at");
        return true;
    }

    public String getCertificateProfile() {
        return certificateProfile;
    }

    /** When it was revoked, UTC; null while it is not. */
    public LocalDateTime getRevokedAt() {
        return revokedAt;
    }

    /** Why it was revoked; null while it is not. */
    public RevocationReason getRevocationReason() {
        return revocationReason == null ? null : RevocationReason.ofName(revocationReason);
    }

    public String getRenewsSerial() {
        return renewsSerial;
    }

    public byte[] getDer() {
        return der.clone();
    }
}
