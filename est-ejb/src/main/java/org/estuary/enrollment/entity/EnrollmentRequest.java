package org.estuary.enrollment.entity;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One EST request as the web boundary hands it over.
 *
 * @param body the request body as read, at most one byte over the size limit
 * @param clientChain the TLS client certificate chain, possession proven by the handshake, not yet
 *     judged; empty when the client presented none
 * @param sourceAddress the client's IP address
 */
public record EnrollmentRequest(byte[] body, List<X509Certificate> clientChain, String sourceAddress) {

    public EnrollmentRequest {
        requireNonNull(body, "body");
        clientChain = List.copyOf(clientChain);
    }
}
