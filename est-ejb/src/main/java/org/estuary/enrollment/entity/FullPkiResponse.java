package org.estuary.enrollment.entity;

import static java.util.Objects.requireNonNull;

/**
 * The CA-signed Full PKI Response to a /fullcmc request (RFC 7030 §4.3.2).
 *
 * @param issued true when it carries the certificate (HTTP 200), false when its status is failed (HTTP 400)
 * @param der the SignedData, DER
 */
public record FullPkiResponse(boolean issued, byte[] der) {

    public FullPkiResponse {
        requireNonNull(der, "der");
    }
}
