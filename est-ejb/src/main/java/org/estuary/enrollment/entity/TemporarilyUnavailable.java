package org.estuary.enrollment.entity;

/**
 * The server cannot record an issuance now (its database is stalled or far behind): the client
 * should retry after {@link #retryAfterSeconds()} (HTTP 503 with Retry-After; RFC 7030 §4.2.3 lets a
 * server answer 503 with Retry-After). Nothing was handed out.
 */
public class TemporarilyUnavailable extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public TemporarilyUnavailable(String reason, long retryAfterSeconds) {
        super(reason);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
