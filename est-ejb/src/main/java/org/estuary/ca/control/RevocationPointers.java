package org.estuary.ca.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a relying party learns whether a leaf is revoked: the issuer's CRL (RFC 5280 §4.2.1.13,
 * cRLDistributionPoints) and OCSP responder (RFC 5280 §4.2.2.1, authorityInfoAccess id-ad-ocsp),
 * both under the server's public base URL ({@value #BASE_URL_KEY}).
 */
public record RevocationPointers(URI crl, URI ocsp) {

    /** The configuration key of the public base URL. */
    public static final String BASE_URL_KEY = "est.public-base-url";

    /** The pointers of issuer {@code issuerId} under {@code base}, an absolute http or https URL. */
    public static RevocationPointers under(URI base, String issuerId) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return new RevocationPointers(URI.create(root + ".well-known/pki/crls/" + issuerId + ".crl"),
                URI.create(root + ".well-known/pki/ocsp/" + issuerId));
    }

    /**
     * The pointers for leaves signed by the key whose CRL is published as {@code crlId} ({@link CaKey#crlId}):
     * the CRL of that key; the OCSP responder, which answers for every key of the issuer, stays.
     */
    public RevocationPointers forKey(String crlId) {
        String text = crl.toString();
        return new RevocationPointers(URI.create(text.substring(0, text.lastIndexOf('/') + 1) + crlId + ".crl"), ocsp);
    }

    /**
     * The configured public base URL: empty when it is not set or blank.
     *
     * @throws IllegalArgumentException naming the key when it is not an absolute http or https URL
     */
    public static Optional<URI> baseUrl(Optional<String> configured) {
        Optional<String> value = configured.map(String::strip).filter(text -> !text.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String refusal = BASE_URL_KEY + " (EST_PUBLIC_BASE_URL) must be an absolute http or https URL without query or"
                + " fragment, e.g. http://pki.example.net, not " + value.get();
        try {
            URI uri = new URI(value.get());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                throw new IllegalArgumentException(refusal);
            }
            return Optional.of(uri);
        } catch (URISyntaxException malformed) {
            throw new IllegalArgumentException(refusal, malformed);
        }
    }
}
