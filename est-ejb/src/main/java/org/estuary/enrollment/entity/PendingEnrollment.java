package org.estuary.enrollment.entity;

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

/**
 * A request held for manual approval (RFC 7030 §4.2.3). The client's retry is recognised by the
 * fingerprint of its CertificationRequestInfo, so a re-signed copy of the same request matches.
 */
@Entity
@Table(name = "pending_enrollment")
public class PendingEnrollment {

    @Id
    @SequenceGenerator(name = "pending_enrollment_seq", sequenceName = "pending_enrollment_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "pending_enrollment_seq")
    private Long id;

    @Column(name = "profile", nullable = false, length = 64)
    private String profile;

    @Column(name = "operation", nullable = false, length = 32)
    private String operation;

    @Column(name = "fingerprint", nullable = false, length = 64)
    private String fingerprint;

    @Column(name = "subject_dn", nullable = false, length = 1024)
    private String subjectDn;

    @Column(name = "requested_from", length = 64)
    private String requestedFrom;

    @Column(name = "requested_at", nullable = false)
    private LocalDateTime requestedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private PendingStatus status;

    @Column(name = "decided_by", length = 256)
    private String decidedBy;

    @Column(name = "decided_at")
    private LocalDateTime decidedAt;

    @Column(name = "certificate_serial", length = 64)
    private String certificateSerial;

    protected PendingEnrollment() {
        // for JPA
    }

    public PendingEnrollment(String profile, String operation, String fingerprint, String subjectDn,
            String requestedFrom, LocalDateTime requestedAt) {
        this.profile = requireNonNull(profile, "profile");
        this.operation = requireNonNull(operation, "operation");
        this.fingerprint = requireNonNull(fingerprint, "fingerprint");
        this.subjectDn = requireNonNull(subjectDn, "subjectDn");
        this.requestedFrom = requestedFrom;
        this.requestedAt = requireNonNull(requestedAt, "requestedAt");
        this.status = PendingStatus.PENDING;
    }

    /** An administrator's decision; only a pending request can be decided. */
    public void decide(boolean approve, String actor, LocalDateTime at) {
        if (status != PendingStatus.PENDING) {
            throw new IllegalStateException("request " + id + " is " + status + ", not PENDING");
        }
        this.status = approve ? PendingStatus.APPROVED : PendingStatus.REJECTED;
        this.decidedBy = requireNonNull(actor, "actor");
        this.decidedAt = requireNonNull(at, "at");
    }

    public Long getId() {
        return id;
    }

    public String getProfile() {
        return profile;
    }

    public String getOperation() {
        return operation;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public String getSubjectDn() {
        return subjectDn;
    }

    public String getRequestedFrom() {
        return requestedFrom;
    }

    public LocalDateTime getRequestedAt() {
        return requestedAt;
    }

    public PendingStatus getStatus() {
        return status;
    }

    public String getDecidedBy() {
        return decidedBy;
    }

    public LocalDateTime getDecidedAt() {
        return decidedAt;
    }

    public String getCertificateSerial() {
        return certificateSerial;
    }
}
