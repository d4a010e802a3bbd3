package org.estuary.profile.entity;

import jakarta.ejb.ApplicationException;

/** An admin request on certificate profiles the server declines, with the short reason the caller is told. */
@ApplicationException(rollback = true)
public class CertificateProfileRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why, as the admin API answers it. */
    public enum Why {
        /** The document breaks a rule of the format (HTTP 400). */
        INVALID,
        /** No certificate profile has that id (HTTP 404). */
        UNKNOWN,
        /** The id is taken, or an EST profile still uses the certificate profile (HTTP 409). */
        CONFLICT
    }

    private final Why why;

    public CertificateProfileRefused(Why why, String reason) {
        super(reason);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
