package org.estuary.enrollment.entity;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;

/**
 * The answer to /serverkeygen (RFC 7030 §4.4.2): the private key part, already in the form it
 * travels in (PKCS#8, or the server-generated-key EnvelopedData), and the certificate. The caller
 * wipes {@code keyPart} once it is written.
 */
public record ServerGeneratedKey(String keyPartContentType, byte[] keyPart, X509Certificate certificate) {

    public ServerGeneratedKey {
        requireNonNull(keyPartContentType, "keyPartContentType");
        requireNonNull(keyPart, "keyPart");
        requireNonNull(certificate, "certificate");
    }
}
