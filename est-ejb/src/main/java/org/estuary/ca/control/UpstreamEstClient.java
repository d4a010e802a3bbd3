package org.estuary.ca.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTAuth;
import org.bouncycastle.est.ESTClient;
import org.bouncycastle.est.ESTClientProvider;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTRequestBuilder;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JcaHttpAuthBuilder;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.auth.entity.TrustBundle;
import org.estuary.ca.entity.UpstreamCaFailure;
import org.estuary.ca.entity.UpstreamCaFailure.Kind;

/**
 * An upstream EST server, spoken to with Bouncy Castle's EST client over TLS: the upstream is
 * authenticated by a trust bundle (never "trust all"), we by our RA client certificate and, where
 * configured, Basic credentials. Every failure becomes an {@link UpstreamCaFailure} the client can
 * act on; what the upstream said is logged, not passed on.
 *
 * @param url the upstream's EST base URL, to which the operation is appended:
 *     {@code https://host:port/.well-known/est[/label]}, or another path such as Estuary's mTLS route
 *     {@code /.well-known/est-mtls/label}
 * @param trustBundle PEM file with the anchors the upstream's TLS certificate must chain to
 * @param clientKeystore PKCS#12 with the RA's TLS client key and certificate, or null for none
 * @param clientKeystorePasswordFile its password, or null
 * @param username Basic user name, or null for none
 * @param passwordFile Basic password, or null
 * @param timeout how long one connection or read may take
 */
public record UpstreamEstClient(URI url, Path trustBundle, Path clientKeystore, Path clientKeystorePasswordFile,
        String username, Path passwordFile, Duration timeout) {

    private static final Logger LOG = Logger.getLogger(UpstreamEstClient.class.getName());

    /** How much of a 202's body (a reason text, if anything) is read and dropped. */
    private static final int MAX_PENDING_BODY = 8192;

    /** How long a client is asked to wait when the upstream held its request without saying how long. */
    private static final long DEFAULT_PENDING_RETRY_SECONDS = 60;

    /** RFC 7030 §4.1.3: the upstream's CA certificates, as its /cacerts lists them. */
    List<X509Certificate> caCertificates(String issuerId) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (X509CertificateHolder holder : ESTService.storeToArray(
                    service(new LastAnswer()).getCACerts().getCertificateStore())) {
                certificates.add(converter.getCertificate(holder));
            }
            if (certificates.isEmpty()) {
                throw failure(Kind.UNAVAILABLE, "no CA certificates in the upstream's /cacerts", 0);
            }
            return certificates;
        } catch (IOException | GeneralSecurityException | RuntimeException failed) {
            throw asFailure(issuerId, "/cacerts", failed, null, Clock.systemUTC());
        }
    }

    /**
     * RFC 7030 §4.2.1: forwards {@code request} as a simpleenroll and returns the certificate the
     * upstream issued, with any issuer certificates it sent after it.
     */
    List<X509Certificate> simpleEnroll(String issuerId, PKCS10CertificationRequest request, Clock clock) {
        LastAnswer last = new LastAnswer();
        try {
            EnrollmentResponse response = service(last).simpleEnroll(false, request, basicAuth());
            if (!response.isCompleted()) {
                long seconds = Math.max(1, (response.getNotBefore() - clock.millis() + 999) / 1000);
                throw failure(Kind.PENDING, "the upstream CA holds the request for approval; retry later", seconds);
            }
            List<X509Certificate> certificates = new ArrayList<>();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (X509CertificateHolder holder : ESTService.storeToArray(response.getStore())) {
                certificates.add(converter.getCertificate(holder));
            }
            return certificates;
        } catch (IOException | GeneralSecurityException | OperatorCreationException | RuntimeException failed) {
            throw asFailure(issuerId, "/simpleenroll", failed, last, clock);
        }
    }

    private ESTService service(LastAnswer last)
            throws IOException, GeneralSecurityException {
        String server = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        RetryAfterReading builder = new RetryAfterReading(server, trustManagers(), url, last);
        builder.withTimeout((int) timeout.toMillis());
        if (clientKeystore != null) {
            builder.withKeyManagers(keyManagers());
        }
        return builder.build();
    }

    private ESTAuth basicAuth() throws OperatorCreationException {
        if (username == null) {
            return null;
        }
        char[] password = LocalIssuer.readPassword("upstream " + url, passwordFile);
        return new JcaHttpAuthBuilder(username, password).build();
    }

    private X509TrustManager[] trustManagers() throws IOException, GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int n = 0;
        for (X509Certificate anchor : TrustBundle.load(trustBundle, Instant.now()).anchors()) {
            anchors.setCertificateEntry("anchor-" + n++, anchor);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast).toArray(X509TrustManager[]::new);
    }

    private javax.net.ssl.KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
        char[] password = LocalIssuer.readPassword("upstream " + url, clientKeystorePasswordFile);
        try (InputStream in = Files.newInputStream(clientKeystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * What the client is told, by what went wrong; the upstream's own words are logged. Bouncy Castle
     * reports many things with status 0 (a refused connection, an unverifiable host name, a 202 without
     * Retry-After), so the HTTP status is the one the upstream actually sent, as last seen.
     */
    private UpstreamCaFailure asFailure(String issuerId, String operation, Exception failed, LastAnswer last, Clock clock) {
        if (failed instanceof UpstreamCaFailure known) {
            return known;
        }
        int status = last != null && last.status > 0 ? last.status
                : failed instanceof ESTException est ? est.getStatusCode() : 0;
        // Bouncy Castle's message names the URL it would have used, not the one we sent to: leave it out.
        LOG.warning(() -> "issuer " + issuerId + ": upstream " + url + " " + operation + " failed: "
                + (status > 0 ? "HTTP " + status + ", " : "") + failed.getClass().getSimpleName() + ": " + failed.getMessage());
        long retryAfter = last == null ? 0 : retryAfterSeconds(last.retryAfter, clock);
        if (status == 202) {
            // Accepted, but without a Retry-After Bouncy Castle could read (RFC 7030 §4.2.3 requires one).
            return failure(Kind.PENDING, "the upstream CA holds the request for approval; retry later",
                    retryAfter > 0 ? retryAfter : DEFAULT_PENDING_RETRY_SECONDS);
        }
        if (status == 503) {
            return failure(Kind.UNAVAILABLE, "the upstream CA is unavailable; retry later", retryAfter);
        }
        if (status >= 300) {
            return failure(Kind.FAILED, "the upstream CA refused the request (HTTP " + status + ")", 0);
        }
        if (Causes.causedBy(failed, SSLException.class) || String.valueOf(failed.getMessage()).contains("Host name could not be verified")) {
            return failure(Kind.FAILED, "no TLS session with the upstream CA (its certificate or ours was refused)", 0);
        }
        if (Causes.causedBy(failed, ConnectException.class) || Causes.causedBy(failed, SocketTimeoutException.class)
                || Causes.causedBy(failed, UnknownHostException.class)) {
            return failure(Kind.UNAVAILABLE, "the upstream CA cannot be reached; retry later", 0);
        }
        return failure(Kind.FAILED, "the upstream CA's answer could not be used", 0);
    }

    private static UpstreamCaFailure failure(Kind kind, String reason, long retryAfterSeconds) {
        return new UpstreamCaFailure(kind, reason, retryAfterSeconds);
    }

    /** RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date; 0 when absent or unreadable. */
    static long retryAfterSeconds(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException tooLong) {
                return 0;
            }
        }
        try {
            long seconds = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toSeconds();
            return Math.max(1, seconds);
        } catch (DateTimeParseException unreadable) {
            return 0;
        }
    }

    /** The status and Retry-After of the upstream's last answer in one call. */
    private static final class LastAnswer {
        volatile int status;
        volatile String retryAfter;
    }

    /**
     * Bouncy Castle's service builder, but sending each request to the operation under our base URL (Bouncy
     * Castle knows only {@code /.well-known/est[/label]}) and keeping every answer's Retry-After: Bouncy
     * Castle reads it for a 202 only, and a 503 may carry one too (RFC 7030 §4.2.3).
     */
    private static final class RetryAfterReading extends JsseESTServiceBuilder {

        private final URI base;
        private final LastAnswer last;

        RetryAfterReading(String server, X509TrustManager[] trustManagers, URI base, LastAnswer last) {
            super(server, trustManagers);
            this.base = base;
            this.last = last;
        }

        @Override
        public ESTService build() {
            super.build();
            ESTClientProvider connections = clientProvider;
            clientProvider = new ESTClientProvider() {
                @Override
                public ESTClient makeClient() throws ESTException {
                    ESTClient client = connections.makeClient();
                    return request -> {
                        String path = request.getURL().getPath();
                        URL operation = URI.create(base.toString().replaceAll("/+$", "") + "/"
                                + path.substring(path.lastIndexOf('/') + 1)).toURL();
                        var response = client.doRequest(new ESTRequestBuilder(request).withURL(operation).build());
                        last.status = response.getStatusCode();
                        last.retryAfter = response.getHeader("Retry-After");
                        if (response.getStatusCode() == 202) {
                            // Bouncy Castle leaves a 202's body unread and then fails on closing it.
                            response.getInputStream().readNBytes(MAX_PENDING_BODY);
                        }
                        return response;
                    };
                }

                @Override
                public boolean isTrusted() {
                    return connections.isTrusted();
                }
            };
            return super.build();
        }
    }
}
