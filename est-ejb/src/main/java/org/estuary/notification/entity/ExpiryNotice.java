package org.estuary.notification.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One {@code cert.expiring_soon} event for one certificate, threshold and webhook, and how its
 * delivery went. Its id is derived from those three, so a certificate is notified once per
 * threshold and webhook, whatever restarts or nodes come between.
 */
@Entity
@Table(name = "expiry_notice")
public class ExpiryNotice {

    /** Where a notice's delivery stands. */
    public enum Status {
        /** Not delivered yet; tried again at {@code nextAttemptAt}. */
        PENDING,
        /** The webhook answered 2xx. */
        DELIVERED,
        /** Every attempt failed; no more are made. */
        FAILED
    }

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @Column(name = "issuer_id", nullable = false, length = 64)
    private String issuerId;

    @Column(name = "serial_number", nullable = false, length = 64)
    private String serialNumber;

    @Column(name = "threshold_days", nullable = false)
    private int thresholdDays;

    @Column(name = "webhook", nullable = false, length = 1024)
    private String webhook;

    @Column(name = "not_after", nullable = false)
    private LocalDateTime notAfter;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private LocalDateTime nextAttemptAt;

    @Column(name = "last_attempt_at")
    private LocalDateTime lastAttemptAt;

    @Column(name = "last_result", length = 256)
    private String lastResult;

    @Column(name = "delivered_at")
    private LocalDateTime deliveredAt;

    protected ExpiryNotice() {
        // JPA
    }

    public ExpiryNotice(String id, String issuerId, String serialNumber, int thresholdDays, String webhook,
            LocalDateTime notAfter, LocalDateTime now) {
        this.id = id;
        this.issuerId = issuerId;
        this.serialNumber = serialNumber;
        this.thresholdDays = thresholdDays;
        this.webhook = webhook;
        this.notAfter = notAfter;
        this.createdAt = now;
        this.status = Status.PENDING;
        this.nextAttemptAt = now;
    }

    /** Records one attempt: delivered, or to be tried again at {@code retryAt} ({@code null}: never again). */
    public void attempted(LocalDateTime at, boolean delivered, String result, LocalDateTime retryAt) {
        attempts++;
        lastAttemptAt = at;
        lastResult = result.length() > 256 ? result.substring(0, 256) : result;
        if (delivered) {
            status = Status.DELIVERED;
            deliveredAt = at;
            nextAttemptAt = null;
        } else if (retryAt == null) {
            status = Status.FAILED;
            nextAttemptAt = null;
        } else {
            nextAttemptAt = retryAt;
        }
    }

    public String getId() {
        return id;
    }

    public String getIssuerId() {
        return issuerId;
    }

    public String getSerialNumber() {
        return serialNumber;
    }

    public int getThresholdDays() {
        return thresholdDays;
    }

    public String getWebhook() {
        return webhook;
    }

    public LocalDateTime getNotAfter() {
        return notAfter;
    }

    public Status getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public LocalDateTime getNextAttemptAt() {
        return nextAttemptAt;
    }

    public String getLastResult() {
        return lastResult;
    }
}
