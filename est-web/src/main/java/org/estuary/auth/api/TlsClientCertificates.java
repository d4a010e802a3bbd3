package org.estuary.auth.api;

import jakarta.servlet.ServletRequest;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The client's certificate chain from a TLS request, end entity first, as the container exposes
 * it (Servlet 6.0 §3.10). The handshake verified that the client holds the end entity's private
 * key; the trust manager let any issuer through, so nothing here says the chain is trusted.
 */
public final class TlsClientCertificates {

    /** The request attribute defined by the Servlet specification. */
    public static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private TlsClientCertificates() {
    }

    /** The chain of {@code request}, or an empty list over plain HTTP or when the client sent none. */
    public static List<X509Certificate> of(ServletRequest request) {
        return fromAttribute(request.isSecure() ? request.getAttribute(ATTRIBUTE) : null);
    }

    static List<X509Certificate> fromAttribute(Object attribute) {
        if (attribute instanceof X509Certificate[] chain && chain.length > 0) {
            for (X509Certificate certificate : chain) {
                if (certificate == null) {
                    return List.of();
                }
            }
            return List.of(chain);
        }
        return List.of();
    }
}
