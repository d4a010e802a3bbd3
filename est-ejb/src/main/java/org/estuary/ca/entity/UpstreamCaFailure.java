package org.estuary.ca.entity;

import jakarta.ejb.ApplicationException;

/**
 * An upstream CA that an issuer forwards to did not issue: it is unreachable, answered that it is
 * busy (503) or that the request is pending (202), or refused the request. The reason is short and
 * fit for the client; the upstream's own words stay in the log. An application exception, so that an
 * EJB passes it on as it is.
 */
@ApplicationException(rollback = true)
public class UpstreamCaFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the client can do about it. */
    public enum Kind {
        /** The upstream accepted the request and will decide later (its 202): ask again after the delay. */
        PENDING,
        /** The upstream cannot be reached or said it is unavailable (its 503): try again later. */
        UNAVAILABLE,
        /** The upstream refused the request or answered something that is no certificate. */
        FAILED
    }

    private final Kind kind;
    private final long retryAfterSeconds;

    public UpstreamCaFailure(Kind kind, String reason, long retryAfterSeconds) {
        super(reason);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    /** The delay the upstream asked for, in seconds; 0 when it asked for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
