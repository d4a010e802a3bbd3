package org.estuary.ca.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.ca.control.UpstreamStandIn.Answer;
import org.estuary.ca.control.UpstreamStandIn.Request;
import org.estuary.ca.entity.UpstreamCaFailure;
import org.estuary.ca.entity.UpstreamCaFailure.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UpstreamEstClient} against a stand-in upstream EST server over real TLS: it reaches the
 * operations under the configured base path (not only {@code /.well-known/est}), returns what a 200
 * carries, turns 202, 503, refusals, an unreachable upstream and an untrusted TLS certificate into the
 * {@link UpstreamCaFailure} kind and Retry-After the client is told, and presents the configured Basic
 * credentials and RA client certificate.
 */
class UpstreamEstClientTest {

    /** Not /.well-known/est: proves each operation is appended to the configured base path. */
    private static final String BASE = "/.well-known/est-mtls/ra";

    @TempDir
    Path dir;

    private UpstreamStandIn upstream;
    private TestCertificates.Ca upstreamCa;
    private KeyPair deviceKeys;
    private PKCS10CertificationRequest request;

    @BeforeEach
    void start() throws Exception {
        upstream = new UpstreamStandIn(dir, null);
        upstreamCa = TestCertificates.Ca.create("CN=Upstream Issuing CA,O=Estuary Tests");
        deviceKeys = TestCa.ecKeys("secp256r1");
        request = TestCertificates.csr("CN=device-1", deviceKeys);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void simpleEnrollPostsTheRequestUnderTheBasePathAndReturnsTheCertificatesOfA200() throws Exception {
        X509Certificate leaf = leafFor(deviceKeys);
        upstream.respond(seen -> Answer.certsOnly(leaf));

        List<X509Certificate> answered = client(BASE).simpleEnroll("iss-ra", request, Clock.systemUTC());

        assertEquals(List.of(leaf), answered);
        Request seen = only(upstream.requests());
        assertEquals("POST", seen.method());
        assertEquals(BASE + "/simpleenroll", seen.path());
        assertEquals("application/pkcs10", seen.header("Content-Type"));
        assertArrayEquals(request.getEncoded(), seen.csr().getEncoded(), "forwarded as the client signed it");
        assertNull(seen.header("Authorization"), "no credentials configured, none sent");
    }

    @Test
    void aTrailingSlashOnTheBaseUrlDoesNotDoubleTheSlash() throws Exception {
        upstream.respond(seen -> Answer.certsOnly(leafFor(deviceKeys)));

        client(BASE + "/").simpleEnroll("iss-ra", request, Clock.systemUTC());

        assertEquals(BASE + "/simpleenroll", only(upstream.requests()).path());
    }

    @Test
    void caCertificatesReadsCacertsUnderTheBasePath() throws Exception {
        upstream.respond(seen -> Answer.certsOnly(upstreamCa.certificate()));

        List<X509Certificate> certificates = client(BASE).caCertificates("iss-ra");

        assertEquals(List.of(upstreamCa.certificate()), certificates);
        Request seen = only(upstream.requests());
        assertEquals("GET", seen.method());
        assertEquals(BASE + "/cacerts", seen.path());
    }

    @Test
    void a202IsPendingWithTheUpstreamsRetryAfter() {
        upstream.respond(seen -> Answer.status(202, "Retry-After", "7"));

        UpstreamCaFailure pending = assertThrows(UpstreamCaFailure.class,
                () -> client(BASE).simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.PENDING, pending.kind());
        assertTrue(pending.retryAfterSeconds() >= 6 && pending.retryAfterSeconds() <= 7,
                "about 7 s: " + pending.retryAfterSeconds());
    }

    @Test
    void a503IsUnavailableWithTheUpstreamsRetryAfter() {
        upstream.respond(seen -> Answer.status(503, "Retry-After", "120"));

        UpstreamCaFailure busy = assertThrows(UpstreamCaFailure.class,
                () -> client(BASE).simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.UNAVAILABLE, busy.kind());
        assertEquals(120, busy.retryAfterSeconds());
    }

    @Test
    void a503WithoutRetryAfterIsUnavailableWithNoDelay() {
        upstream.respond(seen -> Answer.status(503));

        UpstreamCaFailure busy = assertThrows(UpstreamCaFailure.class,
                () -> client(BASE).simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.UNAVAILABLE, busy.kind());
        assertEquals(0, busy.retryAfterSeconds());
    }

    @Test
    void a202WithoutRetryAfterIsPendingWithTheDefaultDelay() {
        upstream.respond(seen -> Answer.status(202));

        UpstreamCaFailure pending = assertThrows(UpstreamCaFailure.class,
                () -> client(BASE).simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.PENDING, pending.kind(), pending.getMessage());
        assertEquals(60, pending.retryAfterSeconds());
    }

    @Test
    void a202WithABodyIsStillPending() {
        upstream.respond(seen -> new Answer(202, java.util.Map.of("Retry-After", "9", "Content-Type", "text/plain"),
                "held for approval\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        UpstreamCaFailure pending = assertThrows(UpstreamCaFailure.class,
                () -> client(BASE).simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.PENDING, pending.kind(), pending.getMessage());
    }

    @Test
    void a200ThatIsNoPkcs7FailsAndIsNotRetried() {
        upstream.respond(seen -> new Answer(200, java.util.Map.of("Content-Type", "application/pkcs7-mime",
                "Content-Transfer-Encoding", "base64"), "bm90IGEgUEtDUyM3".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        UpstreamCaFailure unusable = assertThrows(UpstreamCaFailure.class,
                () -> client(BASE).simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.FAILED, unusable.kind(), unusable.getMessage());
    }

    @Test
    void aRedirectElsewhereFailsAndIsNotRetried() {
        // Bouncy Castle follows it itself; the host it names does not exist.
        upstream.respond(seen -> Answer.status(302, "Location", "https://elsewhere.invalid/"));

        UpstreamCaFailure refused = assertThrows(UpstreamCaFailure.class,
                () -> client(BASE).simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.FAILED, refused.kind(), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502})
    void anUpstreamErrorFailsNamingTheStatus(int status) {
        upstream.respond(seen -> Answer.status(status));

        UpstreamCaFailure refused = assertThrows(UpstreamCaFailure.class,
                () -> client(BASE).simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.FAILED, refused.kind(), refused.getMessage());
        assertTrue(refused.getMessage().contains("HTTP " + status), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403})
    void aRefusalFailsNamingTheStatus(int status) {
        upstream.respond(seen -> Answer.status(status, "Retry-After", "30"));

        UpstreamCaFailure refused = assertThrows(UpstreamCaFailure.class,
                () -> client(BASE).simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.FAILED, refused.kind());
        assertTrue(refused.getMessage().contains("HTTP " + status), refused.getMessage());
        assertEquals(0, refused.retryAfterSeconds(), "a refusal is not retried later");
    }

    @Test
    void aClosedPortIsUnavailable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        UpstreamEstClient client = new UpstreamEstClient(URI.create("https://127.0.0.1:" + closed + BASE),
                upstream.trustBundle(), null, null, null, null, Duration.ofSeconds(5));

        UpstreamCaFailure away = assertThrows(UpstreamCaFailure.class,
                () -> client.simpleEnroll("iss-ra", request, Clock.systemUTC()));
        UpstreamCaFailure noCacerts = assertThrows(UpstreamCaFailure.class, () -> client.caCertificates("iss-ra"));

        assertEquals(Kind.UNAVAILABLE, away.kind());
        assertTrue(away.getMessage().contains("cannot be reached"), away.getMessage());
        assertEquals(Kind.UNAVAILABLE, noCacerts.kind());
    }

    @Test
    void anUpstreamWhoseTlsCertificateIsNotInTheTrustBundleFailsWithoutATlsSession() throws Exception {
        upstream.respond(seen -> Answer.certsOnly(leafFor(deviceKeys)));
        Path otherAnchor = TestCertificates.pem(dir.resolve("other-ca.pem"),
                TestCertificates.Ca.create("CN=Some Other CA").certificate());
        UpstreamEstClient client = new UpstreamEstClient(upstream.url(BASE), otherAnchor, null, null, null, null,
                Duration.ofSeconds(5));

        UpstreamCaFailure untrusted = assertThrows(UpstreamCaFailure.class,
                () -> client.simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.FAILED, untrusted.kind());
        assertTrue(untrusted.getMessage().contains("no TLS session"), untrusted.getMessage());
        assertEquals(List.of(), upstream.requests(), "nothing reached the upstream");
    }

    @Test
    void basicCredentialsAnswerTheUpstreamsChallenge() throws Exception {
        X509Certificate leaf = leafFor(deviceKeys);
        upstream.respond(seen -> seen.header("Authorization") == null
                ? Answer.status(401, "WWW-Authenticate", "Basic realm=\"upstream\"")
                : Answer.certsOnly(leaf));
        Path passwordFile = Files.writeString(dir.resolve("upstream.password"), "s3cret pass\n");
        UpstreamEstClient client = new UpstreamEstClient(upstream.url(BASE), upstream.trustBundle(), null, null,
                "ra-user", passwordFile, Duration.ofSeconds(5));

        List<X509Certificate> answered = client.simpleEnroll("iss-ra", request, Clock.systemUTC());

        assertEquals(List.of(leaf), answered);
        List<Request> seen = upstream.requests();
        assertEquals(2, seen.size(), "the challenge, then the answer with credentials");
        assertNull(seen.get(0).header("Authorization"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("ra-user:s3cret pass".getBytes(StandardCharsets.UTF_8)),
                seen.get(1).header("Authorization"), "the password file's line end is not part of the password");
        assertEquals(BASE + "/simpleenroll", seen.get(1).path(), "the retry goes to the same operation");
        assertArrayEquals(request.getEncoded(), seen.get(1).csr().getEncoded());
    }

    @Test
    void wrongBasicCredentialsFailWithTheUpstreamsStatus() throws Exception {
        upstream.respond(seen -> Answer.status(401, "WWW-Authenticate", "Basic realm=\"upstream\""));
        Path passwordFile = Files.writeString(dir.resolve("upstream.password"), "not-the-password-7f3a");
        UpstreamEstClient client = new UpstreamEstClient(upstream.url(BASE), upstream.trustBundle(), null, null,
                "ra-user", passwordFile, Duration.ofSeconds(5));

        UpstreamCaFailure refused = assertThrows(UpstreamCaFailure.class,
                () -> client.simpleEnroll("iss-ra", request, Clock.systemUTC()));

        assertEquals(Kind.FAILED, refused.kind());
        assertTrue(refused.getMessage().contains("HTTP 401"), refused.getMessage());
        assertEquals(2, upstream.requests().size(), "one answer to the challenge, no loop");
        assertFalse(refused.getMessage().contains("not-the-password-7f3a"), "the password stays out of the message");
    }

    @Test
    void theRaClientCertificateIsPresentedWhenConfigured() throws Exception {
        TestCertificates.Ca raCa = TestCertificates.Ca.create("CN=RA Client CA,O=Estuary Tests");
        KeyPair raKeys = TestCa.ecKeys("secp256r1");
        X509Certificate raCertificate = raCa.issue("CN=estuary-ra", raKeys.getPublic(), KeyPurposeId.id_kp_clientAuth);
        Path keystore = TestCertificates.pkcs12(dir.resolve("ra.p12"), dir.resolve("ra.password"), raKeys.getPrivate(),
                raCertificate, raCa.certificate());
        X509Certificate leaf = leafFor(deviceKeys);
        try (UpstreamStandIn mutualTls = new UpstreamStandIn(Files.createDirectory(dir.resolve("mtls")), raCa.certificate())) {
            mutualTls.respond(seen -> Answer.certsOnly(leaf));
            UpstreamEstClient client = new UpstreamEstClient(mutualTls.url(BASE), mutualTls.trustBundle(), keystore,
                    dir.resolve("ra.password"), null, null, Duration.ofSeconds(5));

            List<X509Certificate> answered = client.simpleEnroll("iss-ra", request, Clock.systemUTC());

            assertEquals(List.of(leaf), answered);
            assertEquals(raCertificate, only(mutualTls.requests()).clientCertificates().get(0));
        }
    }

    @Test
    void retryAfterIsDelaySecondsOrAnHttpDateAndZeroWhenAbsentOrUnreadable() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

        assertEquals(7, UpstreamEstClient.retryAfterSeconds("7", clock));
        assertEquals(120, UpstreamEstClient.retryAfterSeconds(" 120 ", clock));
        assertEquals(0, UpstreamEstClient.retryAfterSeconds("0", clock));
        assertEquals(90, UpstreamEstClient.retryAfterSeconds("Thu, 15 Jan 2026 10:01:30 GMT", clock));
        assertEquals(1, UpstreamEstClient.retryAfterSeconds("Thu, 15 Jan 2026 09:00:00 GMT", clock),
                "a date already past asks for the shortest delay, not none");
        assertEquals(0, UpstreamEstClient.retryAfterSeconds("soon", clock));
        assertEquals(0, UpstreamEstClient.retryAfterSeconds("-5", clock));
        assertEquals(0, UpstreamEstClient.retryAfterSeconds("99999999999999999999", clock), "too long for a long");
        assertEquals(0, UpstreamEstClient.retryAfterSeconds("", clock));
        assertEquals(0, UpstreamEstClient.retryAfterSeconds(null, clock));
    }

    private UpstreamEstClient client(String basePath) {
        return new UpstreamEstClient(upstream.url(basePath), upstream.trustBundle(), null, null, null, null,
                Duration.ofSeconds(5));
    }

    private X509Certificate leafFor(KeyPair keys) throws Exception {
        return upstreamCa.issue("CN=device-1", keys.getPublic(), KeyPurposeId.id_kp_clientAuth);
    }

    private static Request only(List<Request> requests) {
        assertEquals(1, requests.size(), "requests seen: " + requests);
        return requests.get(0);
    }
}
