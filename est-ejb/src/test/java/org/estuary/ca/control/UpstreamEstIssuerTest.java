package org.estuary.ca.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.ca.control.UpstreamStandIn.Answer;
import org.estuary.ca.entity.UpstreamCaFailure;
import org.estuary.ca.entity.UpstreamCaFailure.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UpstreamEstIssuer} in RA mode against a stand-in upstream EST server: it hands on the upstream's
 * certificate only when that certifies the requested key and verifies with the CA the upstream's
 * /cacerts names, and it holds no CA key, so everything that would sign in the CA's name refuses.
 */
class UpstreamEstIssuerTest {

    @TempDir
    Path dir;

    private UpstreamStandIn upstream;
    private TestCertificates.Ca upstreamCa;
    private KeyPair deviceKeys;
    private PKCS10CertificationRequest request;
    private LeafTemplate template;
    private UpstreamEstIssuer issuer;

    /** What the stand-in answers to /simpleenroll; /cacerts always lists {@link #upstreamCa}. */
    private volatile Answer enrolled;

    @BeforeEach
    void start() throws Exception {
        upstreamCa = TestCertificates.Ca.create("CN=Upstream Issuing CA,O=Estuary Tests");
        upstream = new UpstreamStandIn(dir, null).respond(seen -> seen.path().endsWith("/cacerts")
                ? Answer.certsOnly(upstreamCa.certificate()) : enrolled);
        deviceKeys = TestCa.ecKeys("secp256r1");
        request = TestCertificates.csr("CN=device-1", deviceKeys);
        template = new LeafTemplate(new X500Name("CN=device-1"), SubjectPublicKeyInfo.getInstance(
                deviceKeys.getPublic().getEncoded()), null, Duration.ofDays(30), List.of(KeyPurposeId.id_kp_clientAuth), false);
        issuer = new UpstreamEstIssuer("iss-ra", new UpstreamEstClient(upstream.url("/.well-known/est"),
                upstream.trustBundle(), null, null, null, null, Duration.ofSeconds(5)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void returnsTheUpstreamsCertificateForTheRequestedKeyUnderItsCa() throws Exception {
        X509Certificate leaf = upstreamCa.issue("CN=device-1", deviceKeys.getPublic(), KeyPurposeId.id_kp_clientAuth);
        enrolled = Answer.certsOnly(leaf);

        assertEquals(leaf, issuer.issue(template, request));
        assertEquals(leaf, issuer.issue(template, request));
        assertEquals(List.of(upstreamCa.certificate()), issuer.chain());
        assertEquals(1, upstream.requests().stream().filter(seen -> seen.path().endsWith("/cacerts")).count(),
                "the upstream's CA certificates are read once");
    }

    @Test
    void refusesACertificateForAnotherKeyThanTheRequests() throws Exception {
        KeyPair otherKeys = TestCa.ecKeys("secp256r1");
        enrolled = Answer.certsOnly(upstreamCa.issue("CN=device-1", otherKeys.getPublic(), KeyPurposeId.id_kp_clientAuth));

        UpstreamCaFailure refused = assertThrows(UpstreamCaFailure.class, () -> issuer.issue(template, request));

        assertEquals(Kind.FAILED, refused.kind());
        assertTrue(refused.getMessage().contains("not for the requested key"), refused.getMessage());
    }

    @Test
    void refusesACertificateNotSignedByTheUpstreamsCaEvenUnderItsName() throws Exception {
        // Same subject name as the upstream CA, another key: only the signature tells them apart.
        TestCertificates.Ca impostor = TestCertificates.Ca.create("CN=Upstream Issuing CA,O=Estuary Tests");
        enrolled = Answer.certsOnly(impostor.issue("CN=device-1", deviceKeys.getPublic(), KeyPurposeId.id_kp_clientAuth));

        UpstreamCaFailure refused = assertThrows(UpstreamCaFailure.class, () -> issuer.issue(template, request));

        assertEquals(Kind.FAILED, refused.kind());
        assertTrue(refused.getMessage().contains("does not verify with its CA"), refused.getMessage());
    }

    @Test
    void refusesACertificateFromAnotherCa() throws Exception {
        TestCertificates.Ca other = TestCertificates.Ca.create("CN=Another CA,O=Estuary Tests");
        enrolled = Answer.certsOnly(other.issue("CN=device-1", deviceKeys.getPublic(), KeyPurposeId.id_kp_clientAuth));

        UpstreamCaFailure refused = assertThrows(UpstreamCaFailure.class, () -> issuer.issue(template, request));

        assertEquals(Kind.FAILED, refused.kind());
        assertTrue(refused.getMessage().contains("does not verify with its CA"), refused.getMessage());
    }

    @Test
    void refusesACertificateGrantingMoreThanOurPolicyDid() throws Exception {
        LeafTemplate oneHour = new LeafTemplate(template.subject(), template.publicKey(), null, Duration.ofHours(1),
                template.extendedKeyUsages(), false);
        List<X509Certificate> beyond = List.of(
                upstreamCa.issue("CN=someone-else", deviceKeys.getPublic(), KeyPurposeId.id_kp_clientAuth),
                upstreamCa.issue("CN=device-1", deviceKeys.getPublic(), KeyPurposeId.id_kp_serverAuth),
                upstreamCa.issue("CN=device-1", deviceKeys.getPublic(), KeyPurposeId.id_kp_clientAuth,
                        new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName, "bank.example")));
        List<String> reasons = List.of("another subject", "extended key usages", "subject alternative name");
        for (int i = 0; i < beyond.size(); i++) {
            enrolled = Answer.certsOnly(beyond.get(i));
            UpstreamCaFailure refused = assertThrows(UpstreamCaFailure.class, () -> issuer.issue(template, request));
            assertEquals(Kind.FAILED, refused.kind());
            assertTrue(refused.getMessage().contains(reasons.get(i)), refused.getMessage());
        }
        enrolled = Answer.certsOnly(upstreamCa.issue("CN=device-1", deviceKeys.getPublic(), KeyPurposeId.id_kp_clientAuth));
        UpstreamCaFailure tooLong = assertThrows(UpstreamCaFailure.class, () -> issuer.issue(oneHour, request));
        assertTrue(tooLong.getMessage().contains("lives longer"), tooLong.getMessage());
    }

    @Test
    void aCertificateFromTheUpstreamsNewCaKeyIsAcceptedOnceItsCacertsAreReadAgain() throws Exception {
        enrolled = Answer.certsOnly(upstreamCa.issue("CN=device-1", deviceKeys.getPublic(), KeyPurposeId.id_kp_clientAuth));
        issuer.issue(template, request);
        TestCertificates.Ca rolled = TestCertificates.Ca.create("CN=Upstream Issuing CA,O=Estuary Tests");
        X509Certificate fromNewKey = rolled.issue("CN=device-1", deviceKeys.getPublic(), KeyPurposeId.id_kp_clientAuth);
        upstream.respond(seen -> seen.path().endsWith("/cacerts")
                ? Answer.certsOnly(rolled.certificate(), upstreamCa.certificate()) : Answer.certsOnly(fromNewKey));

        assertEquals(fromNewKey, issuer.issue(template, request));
        assertEquals(rolled.certificate(), issuer.chain().get(0));
    }

    @Test
    void anAnswerWithoutCertificatesFails() throws Exception {
        enrolled = Answer.certsOnly();

        UpstreamCaFailure refused = assertThrows(UpstreamCaFailure.class, () -> issuer.issue(template, request));

        assertEquals(Kind.FAILED, refused.kind());
        assertTrue(refused.getMessage().contains("no certificate"), refused.getMessage());
    }

    @Test
    void holdsNoKeyAndRefusesToSignInTheCasName() {
        assertFalse(issuer.holdsKey());
        IllegalStateException noKey = assertThrows(IllegalStateException.class, issuer::signingKey);
        IllegalStateException noSigner = assertThrows(IllegalStateException.class, issuer::contentSigner);
        IllegalStateException noRequest = assertThrows(IllegalStateException.class, () -> issuer.issue(template));

        assertTrue(noKey.getMessage().contains("iss-ra holds no CA key"), noKey.getMessage());
        assertTrue(noSigner.getMessage().contains("iss-ra holds no CA key"), noSigner.getMessage());
        assertTrue(noRequest.getMessage().contains("needs the request"), noRequest.getMessage());
        assertEquals(List.of(), upstream.requests(), "nothing was forwarded");
    }

    @Test
    void anUpstreamAwayAtStartIsAskedAgainWhenTheChainIsNeeded() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        UpstreamEstIssuer away = new UpstreamEstIssuer("iss-ra", new UpstreamEstClient(
                URI.create("https://127.0.0.1:" + closed + "/.well-known/est"), upstream.trustBundle(), null, null, null,
                null, Duration.ofSeconds(5)), Clock.systemUTC());

        assertDoesNotThrow(away::fetchChain);
        UpstreamCaFailure stillAway = assertThrows(UpstreamCaFailure.class, away::chain);
        assertEquals(Kind.UNAVAILABLE, stillAway.kind());
    }
}
