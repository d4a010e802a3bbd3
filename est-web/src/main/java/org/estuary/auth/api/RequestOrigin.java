package org.estuary.auth.api;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who sent a request: its source address and TLS client certificate chain. Off by default; when
 * {@code est.trusted-proxies} ({@code EST_TRUSTED_PROXIES}) lists addresses, and only for requests
 * from them, the client certificate is the one in {@code X-SSL-Client-Cert} (PEM, URL-encoded as
 * nginx's {@code $ssl_client_escaped_cert} sends it, or plain) and the source address is the
 * nearest untrusted one in {@code X-Forwarded-For}. A trusted proxy's own TLS certificate is never
 * taken for the client's.
 */
@ApplicationScoped
public class RequestOrigin {

    static final String CLIENT_CERT_HEADER = "X-SSL-Client-Cert";
    static final String FORWARDED_FOR_HEADER = "X-Forwarded-For";

    private static final Logger LOG = Logger.getLogger(RequestOrigin.class.getName());

    /** Comma-separated addresses ({@code Optional<List<String>>} does not inject on Payara 6). */
    @Inject
    @ConfigProperty(name = "est.trusted-proxies")
    Optional<String> configuredProxies;

    private Set<String> trustedProxies = Set.of();

    @PostConstruct
    void readProxies() {
        trustedProxies = configuredProxies.map(list -> Arrays.stream(list.split(",")).map(String::strip)
                .filter(address -> !address.isEmpty()).collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
        if (!trustedProxies.isEmpty()) {
            LOG.info(() -> "Trusting client certificate and address headers from " + trustedProxies);
        }
    }

    public String sourceAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String forwarded = request.getHeader(FORWARDED_FOR_HEADER);
        if (!trustedProxies.contains(peer) || forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && (!trustedProxies.contains(hop) || i == 0)) {
                return hop;
            }
        }
        return peer;
    }

    /** The client's chain, end entity first; empty when there is none (or a trusted proxy passed none). */
    public List<X509Certificate> clientChain(HttpServletRequest request) {
        if (!trustedProxies.contains(request.getRemoteAddr())) {
            return TlsClientCertificates.of(request);
        }
        String header = request.getHeader(CLIENT_CERT_HEADER);
        return header == null || header.isBlank() ? List.of() : certificateFromHeader(header).map(List::of).orElse(List.of());
    }

    static Optional<X509Certificate> certificateFromHeader(String header) {
        String pem = header.contains("%") ? URLDecoder.decode(header, StandardCharsets.UTF_8) : header;
        int begin = pem.indexOf("-----BEGIN CERTIFICATE-----");
        int end = pem.indexOf("-----END CERTIFICATE-----");
        if (begin < 0 || end < begin) {
            return Optional.empty();
        }
        String base64 = pem.substring(begin + "-----BEGIN CERTIFICATE-----".length(), end).replaceAll("\\s", "");
        try {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64))));
        } catch (CertificateException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }
}
