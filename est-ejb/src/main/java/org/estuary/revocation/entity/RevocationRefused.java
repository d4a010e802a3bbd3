package org.estuary.revocation.entity;

import jakarta.ejb.ApplicationException;

/** A revocation request the server declines, with the short reason the caller is told. */
@ApplicationException(rollback = true)
public class RevocationRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why, as the admin API answers it. */
    public enum Why {
        /** The body is not a revocation request this server accepts (HTTP 400). */
        INVALID,
        /** No certificate has that serial (HTTP 404). */
        UNKNOWN,
        /** The serial is on record for more than one issuer: which one is meant is unclear (HTTP 409). */
        AMBIGUOUS
    }

    private final Why why;

    public RevocationRefused(Why why, String reason) {
        super(reason);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
