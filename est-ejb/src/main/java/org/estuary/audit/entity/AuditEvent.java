package org.estuary.audit.entity;

import static java.util.Objects.requireNonNull;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Clock;
import java.time.LocalDateTime;

/** One audited EST outcome. Times are UTC. The detail is a short, client-safe reason. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    static final int DETAIL_LENGTH = 1000;

    @Id
    @SequenceGenerator(name = "audit_event_seq", sequenceName = "audit_event_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_event_seq")
    private Long id;

    @Column(name = "occurred_at", nullable = false)
    private LocalDateTime occurredAt;

    @Column(name = "action", nullable = false, length = 64)
    private AuditAction action;

    @Column(name = "profile", nullable = false, length = 64)
    private String profile;

    @Column(name = "source_ip", length = 64)
    private String sourceIp;

    @Column(name = "principal", length = 512)
    private String principal;

    @Column(name = "detail", length = DETAIL_LENGTH)
    private String detail;

    @Column(name = "certificate_serial", length = 64)
    private String certificateSerial;

    protected AuditEvent() {
        // for JPA
    }

    public AuditEvent(AuditAction action, String profile, String sourceIp, String principal, String detail,
            String certificateSerial, Clock clock) {
        this.action = requireNonNull(action, "action");
        this.profile = requireNonNull(profile, "profile");
        this.sourceIp = sourceIp;
        this.principal = principal;
        this.detail = detail == null || detail.length() <= DETAIL_LENGTH ? detail : detail.substring(0, DETAIL_LENGTH);
        this.certificateSerial = certificateSerial;
        this.occurredAt = LocalDateTime.now(clock);
    }

    public Long getId() {
        return id;
    }

    public LocalDateTime getOccurredAt() {
        return occurredAt;
    }

    public AuditAction getAction() {
        return action;
    }

    public String getProfile() {
        return profile;
    }

    public String getSourceIp() {
        return sourceIp;
    }

    public String getPrincipal() {
        return principal;
    }

    public String getDetail() {
        return detail;
    }

    public String getCertificateSerial() {
        return certificateSerial;
    }
}
