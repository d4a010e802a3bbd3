package org.estuary.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.opentest4j.AssertionFailedError;

/**
 * The EST smoke test of a deployed Estuary, whatever the server: CA certificates, an anonymous
 * enrollment, a re-enrollment authenticated by the TLS client certificate, and a revocation that
 * reaches the CRL. Each step prints one line starting with {@code smoke:}. It needs the default
 * configuration of {@code server-config/prepare}: the single anonymous root profile and the local
 * CA {@code iss-local}.
 */
public final class SmokeSuite {

    /** How long a revocation may take to show on the CRL (it is regenerated within seconds of one). */
    private static final Duration CRL_BOUND = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI httpsBase;
    private final URI httpBase;
    private final List<X509Certificate> caCertificates;
    private final String adminApiKey;
    private final HttpClient anonymous;

    private SmokeSuite(URI httpsBase, URI httpBase, List<X509Certificate> caCertificates, String adminApiKey)
            throws IOException, GeneralSecurityException {
        this.httpsBase = httpsBase;
        this.httpBase = httpBase;
        this.caCertificates = caCertificates;
        this.adminApiKey = adminApiKey;
        this.anonymous = SmokeTls.client(caCertificates);
    }

    /**
     * Runs the four steps against the server at {@code httpsBase} (EST, admin API) and {@code httpBase}
     * (the CRL), trusting only the certificates of {@code caCertificatePem} (the data directory's
     * {@code ca.crt}; its first certificate is the issuing CA). Fails with the first step that does not hold.
     */
    public static void assertEstWorks(URI httpsBase, URI httpBase, Path caCertificatePem, String adminApiKey) {
        try {
            new SmokeSuite(httpsBase, httpBase, SmokeTls.pemCertificates(caCertificatePem), adminApiKey.strip()).run();
        } catch (AssertionFailedError failure) {
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("smoke: interrupted", e);
        } catch (Exception e) {
            throw new AssertionFailedError("smoke: a step failed: " + e, e);
        }
    }

    private void run() throws Exception {
        assertCacerts();
        KeyPair keys = EstMessages.ecP256();
        X500Name subject = new X500Name("CN=smoke-" + UUID.randomUUID() + ",O=Estuary smoke");
        X509Certificate enrolled = assertSimpleEnroll(subject, keys);
        assertSimpleReenroll(enrolled, keys);
        assertRevocationReachesCrl(enrolled);
    }

    /** (a) RFC 7030 §4.1: cacerts answers, without credentials, the CA certificates the client was given. */
    private void assertCacerts() throws Exception {
        HttpResponse<String> answer = send(anonymous, HttpRequest.newBuilder(est("cacerts")).GET());
        assertEquals(200, answer.statusCode(), "cacerts: " + answer.body());
        assertPkcs7Mime(answer, "cacerts");
        List<X509Certificate> served = EstMessages.certsOnly(answer.body());
        assertTrue(new HashSet<>(caCertificates).equals(new HashSet<>(served)),
                () -> "cacerts (RFC 7030 §4.1.3) must serve the certificates of ca.crt " + names(caCertificates)
                        + ", not " + names(served));
        System.out.println("smoke: cacerts ok (" + served.size() + " certificate" + (served.size() == 1 ? "" : "s") + ")");
    }

    /** (b) RFC 7030 §4.2.1: a fresh EC P-256 CSR enrolls anonymously on the default root profile. */
    private X509Certificate assertSimpleEnroll(X500Name subject, KeyPair keys) throws Exception {
        HttpResponse<String> answer = send(anonymous, enrollment("simpleenroll", subject, keys));
        assertEquals(200, answer.statusCode(), "simpleenroll: " + answer.body());
        X509Certificate issued = issuedCertificate(answer, "simpleenroll");
        assertIssuedFor(issued, subject, keys);
        System.out.println("smoke: simpleenroll ok (" + subject + ", serial " + issued.getSerialNumber().toString(16) + ")");
        return issued;
    }

    /**
     * (c) RFC 7030 §4.2.2 and §3.3.2: re-enrollment over a TLS connection whose client certificate is
     * the one being renewed; the new certificate has the same subject and a new serial.
     */
    private void assertSimpleReenroll(X509Certificate current, KeyPair keys) throws Exception {
        HttpClient mtls = SmokeTls.client(caCertificates, keys, current);
        X500Name subject = X500Name.getInstance(current.getSubjectX500Principal().getEncoded());
        HttpResponse<String> answer = send(mtls, enrollment("simplereenroll", subject, keys));
        assertEquals(200, answer.statusCode(), "simplereenroll with the enrolled certificate as TLS client "
                + "certificate (did the listener ask for and pass on client certificates?): " + answer.body());
        X509Certificate renewed = issuedCertificate(answer, "simplereenroll");
        assertIssuedFor(renewed, subject, keys);
        assertEquals(current.getSubjectX500Principal(), renewed.getSubjectX500Principal(),
                "RFC 7030 §4.2.2: the subject stays the same");
        assertNotEquals(current.getSerialNumber(), renewed.getSerialNumber(), "a renewal is a new certificate");
        System.out.println("smoke: simplereenroll ok over mTLS (serial " + current.getSerialNumber().toString(16)
                + " -> " + renewed.getSerialNumber().toString(16) + ")");
    }

    /** (d) The admin API revokes; the issuer's CRL (RFC 5280 §5), fetched over plain HTTP, lists the serial soon after. */
    private void assertRevocationReachesCrl(X509Certificate revoked) throws Exception {
        BigInteger serial = revoked.getSerialNumber();
        long start = System.nanoTime();
        HttpResponse<String> answer = send(anonymous, HttpRequest.newBuilder(
                        under(httpsBase, "/api/v1/est/certificates/" + serial.toString(16) + "/revoke"))
                .header("Authorization", "Bearer " + adminApiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"keyCompromise\"}")));
        assertEquals(200, answer.statusCode(), "revoke: " + answer.body());

        URI crlUri = under(httpBase, "/.well-known/pki/crls/iss-local.crl");
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String lastSeen = "nothing fetched yet";
        while (Duration.ofNanos(System.nanoTime() - start).compareTo(CRL_BOUND) < 0) {
            HttpResponse<byte[]> crlAnswer = plain.send(HttpRequest.newBuilder(crlUri).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (crlAnswer.statusCode() == 200) {
                X509CRLHolder crl = EstMessages.crl(crlAnswer.body());
                assertTrue(crl.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuingCa())),
                        "the CRL must verify with the CA's key (RFC 5280 §5.1.1.3)");
                X509CRLEntryHolder entry = crl.getRevokedCertificate(serial);
                if (entry != null) {
                    assertEquals(CRLReason.lookup(CRLReason.keyCompromise),
                            CRLReason.getInstance(entry.getExtensions().getExtensionParsedValue(Extension.reasonCode)),
                            "RFC 5280 §5.3.1: the reason the revocation gave");
                    System.out.println("smoke: revocation ok (serial " + serial.toString(16) + " on the CRL after "
                            + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms)");
                    return;
                }
                lastSeen = "a CRL of " + crl.getRevokedCertificates().size() + " entries, thisUpdate " + crl.getThisUpdate();
            } else {
                lastSeen = "HTTP " + crlAnswer.statusCode();
            }
            Thread.sleep(500);
        }
        fail("serial " + serial.toString(16) + " not on " + crlUri + " within " + CRL_BOUND.toSeconds() + " s; last: " + lastSeen);
    }

    private void assertIssuedFor(X509Certificate issued, X500Name subject, KeyPair keys) throws Exception {
        issued.verify(issuingCa().getPublicKey());
        assertEquals(issuingCa().getSubjectX500Principal(), issued.getIssuerX500Principal(), "the issuer");
        assertEquals(subject, X500Name.getInstance(issued.getSubjectX500Principal().getEncoded()), "the subject asked for");
        assertArrayEquals(keys.getPublic().getEncoded(), issued.getPublicKey().getEncoded(), "the CSR's key is certified");
        issued.checkValidity();
    }

    /** RFC 7030 §4.2.3: the enrolled certificate, first of the certs-only answer. */
    private X509Certificate issuedCertificate(HttpResponse<String> answer, String operation) throws Exception {
        assertPkcs7Mime(answer, operation);
        List<X509Certificate> certificates = EstMessages.certsOnly(answer.body());
        assertEquals(1, certificates.size(), operation + " answers one certificate: " + certificates);
        return certificates.get(0);
    }

    private static List<String> names(List<X509Certificate> certificates) {
        return certificates.stream().map(c -> c.getSubjectX500Principal().getName() + " #" + c.getSerialNumber().toString(16))
                .toList();
    }

    private static void assertPkcs7Mime(HttpResponse<String> answer, String operation) {
        String type = answer.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/pkcs7-mime"),
                operation + ": RFC 7030 §4.1.3/§4.2.3 content type application/pkcs7-mime, not '" + type + "'");
    }

    private HttpRequest.Builder enrollment(String operation, X500Name subject, KeyPair keys) throws Exception {
        return HttpRequest.newBuilder(est(operation))
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofString(EstMessages.csrBase64(subject, keys)));
    }

    private X509Certificate issuingCa() {
        return caCertificates.get(0);
    }

    private URI est(String operation) {
        return under(httpsBase, "/.well-known/est/" + operation);
    }

    private static URI under(URI base, String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
