package org.estuary.revocation.entity;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Instant;

/** One entry of a CRL (RFC 5280 §5.1.2.6): the serial, when it was revoked and why. */
public record RevokedCertificate(BigInteger serialNumber, Instant revokedAt, RevocationReason reason) {

    public RevokedCertificate {
        requireNonNull(serialNumber, "serialNumber");
        requireNonNull(revokedAt, "revokedAt");
        requireNonNull(reason, "reason");
    }
}
