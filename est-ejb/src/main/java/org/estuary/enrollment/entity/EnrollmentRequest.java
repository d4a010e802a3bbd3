package org.estuary.enrollment.entity;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.estuary.profile.entity.EstProfile;

/**
 * One EST request as the web boundary hands it over.
 *
 * @param profile the EST profile the request's path names
 * @param route the profile's route the request came through
 * @param body the request body as read, at most one byte over the size limit
 * @param clientChain the TLS client certificate chain, possession proven by the handshake, not yet
 *     judged; empty when the client presented none
 * @param credentials HTTP Basic credentials (RFC 7030 §3.2.3), when the request carried any
 * @param sourceAddress the client's IP address
 * @param tlsSession the TLS facts RFC 9266 channel binding needs, read only for profiles that require it
 */
public record EnrollmentRequest(EstProfile profile, EstRoute route, byte[] body, List<X509Certificate> clientChain,
        Optional<BasicCredentials> credentials, String sourceAddress, Optional<TlsSession> tlsSession) {

    public EnrollmentRequest {
        requireNonNull(profile, "profile");
        requireNonNull(route, "route");
        requireNonNull(body, "body");
        clientChain = List.copyOf(clientChain);
        requireNonNull(credentials, "credentials");
        requireNonNull(tlsSession, "tlsSession");
    }
}
