package org.estuary.enrollment.entity;

/**
 * The upstream CA a profile's issuer forwards to refused the request or answered something we could
 * not use (HTTP 502 Bad Gateway, RFC 9110 §15.6.3). Nothing was issued.
 */
public class UpstreamFailed extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    public UpstreamFailed(String reason) {
        super(reason);
    }
}
