package org.estuary.revocation.entity;

import static java.util.Objects.requireNonNull;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.LocalDateTime;

/**
 * The CRL an issuer publishes now for one of its keys (the row of a rolled-over key is named
 * {@code <issuerId>.g<n>}), and its number: kept in the database so that the CRL number
 * strictly increases across regenerations and restarts (RFC 5280 §5.2.3), and so that a request
 * is answered with the stored DER instead of a CRL built for it. Times are UTC.
 */
@Entity
@Table(name = "crl_state")
public class PublishedCrl {

    @Id
    @Column(name = "issuer_id", nullable = false, length = 64)
    private String issuerId;

    @Column(name = "crl_number", nullable = false)
    private long crlNumber;

    @Column(name = "this_update", nullable = false)
    private LocalDateTime thisUpdate;

    @Column(name = "next_update", nullable = false)
    private LocalDateTime nextUpdate;

    @Column(name = "der", nullable = false)
    private byte[] der;

    protected PublishedCrl() {
        // for JPA
    }

    /** An issuer's first CRL is number 1. */
    public PublishedCrl(String issuerId) {
        this.issuerId = requireNonNull(issuerId, "issuerId");
    }

    /** The number the next CRL of this issuer carries. */
    public BigInteger nextNumber() {
        return BigInteger.valueOf(crlNumber + 1);
    }

    /** Replaces the published CRL by {@code crl}, which must carry {@link #nextNumber()}. */
    public void publish(byte[] crl, LocalDateTime thisUpdate, LocalDateTime nextUpdate) {
        this.crlNumber++;
        this.der = crl.clone();
        this.thisUpdate = requireNonNull(thisUpdate, "thisUpdate");
        this.nextUpdate = requireNonNull(nextUpdate, "nextUpdate");
    }

    public String getIssuerId() {
        return issuerId;
    }

    public long getCrlNumber() {
        return crlNumber;
    }

    public LocalDateTime getThisUpdate() {
        return thisUpdate;
    }

    public LocalDateTime getNextUpdate() {
        return nextUpdate;
    }

    public byte[] getDer() {
        return der.clone();
    }
}
