package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issuers that are not a key in a file, on two servers started by {@code server-config/run}. The node
 * under test signs the profile {@code hsm} with a CA key on a SoftHSM token made by
 * {@code server-config/pkcs11/softhsm-ca}, and forwards the profiles {@code ra}, {@code held},
 * {@code refused} and {@code down} to an upstream Estuary in RA mode: {@code ra} with its RA client
 * certificate to the upstream's mTLS route, {@code held} to an upstream profile under manual approval,
 * {@code refused} without the RA certificate, {@code down} to a port nothing listens on. Its profile
 * {@code local} signs with the local file CA, whose key an administrator rolls over (RFC 7030 §4.1.3).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenAndUpstreamIssuersIT {

    private static final String RA_PASSWORD = "ra-profile-secret";

    private static ServerRun upstream;
    private static ServerRun node;
    private static Path tokenDir;
    private static Map<String, String> tokenSettings;
    private static Map<String, String> nodeEnvironment;
    private static X509Certificate tokenCa;
    private static X509Certificate upstreamCa;
    private static KeyPair deviceKeys;
    private static X509Certificate tokenIssued;
    private static X509Certificate upstreamIssued;

    @BeforeAll
    static void startUpstreamAndNode() throws Exception {
        tokenDir = ServerRun.freshDataDir("softhsm");
        tokenSettings = settings(TestClients.bash(ServerRun.ROOT, "server-config/pkcs11/softhsm-ca '" + tokenDir + "'"));
        tokenCa = readCertificate(tokenDir.resolve("ca.crt"));

        Path raDir = ServerRun.freshDataDir("ra-identity");
        Files.createDirectories(raDir);
        KeyPair raCaKeys = TestClients.ecKeyPair();
        X509Certificate raCa = TestClients.certificate("CN=Estuary RA CA", raCaKeys, "CN=Estuary RA CA", raCaKeys, true,
                Instant.now().plus(Duration.ofDays(30)));
        KeyPair raKeys = TestClients.ecKeyPair();
        X509Certificate raCertificate = TestClients.certificate("CN=estuary-ra", raKeys, "CN=Estuary RA CA", raCaKeys, false,
                Instant.now().plus(Duration.ofDays(30)));
        Files.writeString(raDir.resolve("ra-ca.pem"), TestClients.pem(raCa));
        String raKeystorePassword = new BigInteger(96, new SecureRandom()).toString(36);
        Files.writeString(raDir.resolve("ra.password"), raKeystorePassword);
        KeyStore raKeystore = KeyStore.getInstance("PKCS12");
        raKeystore.load(null, null);
        raKeystore.setKeyEntry("ra", raKeys.getPrivate(), raKeystorePassword.toCharArray(),
                new X509Certificate[] {raCertificate, raCa});
        try (var out = Files.newOutputStream(raDir.resolve("ra.p12"))) {
            raKeystore.store(out, raKeystorePassword.toCharArray());
        }
        Files.writeString(raDir.resolve("ra-profile-password"), RA_PASSWORD);

        Path upstreamDir = ServerRun.freshDataDir("upstream");
        upstream = ServerRun.start(Map.of(
                "EST_PROFILES", "ra,held",
                "EST_PROFILE_RA_ISSUER_ID", "iss-local",
                "EST_PROFILE_RA_ALLOWED_AUTH_MODES", "mtls",
                "EST_PROFILE_RA_MTLS_ENABLED", "true",
                "EST_PROFILE_RA_MTLS_CLIENT_CA_TRUST_BUNDLE_PATH", raDir.resolve("ra-ca.pem").toString(),
                "EST_PROFILE_HELD_ISSUER_ID", "iss-local",
                "EST_PROFILE_HELD_MANUAL_APPROVAL", "true",
                "EST_PROFILE_HELD_MANUAL_APPROVAL_RETRY_AFTER", "37"), upstreamDir);
        // The node trusts the upstream's TLS certificate through the upstream's CA, which prepare writes first.
        Path upstreamCaFile = upstreamDir.resolve("ca.crt");
        for (int i = 0; i < 600 && !Files.exists(upstreamCaFile); i++) {
            Thread.sleep(200);
        }
        upstreamCa = readCertificate(upstreamCaFile);
        String upstreamBase = "https://localhost:" + upstream.httpsPort;

        Map<String, String> environment = new HashMap<>(tokenSettings);
        environment.put("EST_ISSUERS", "iss-hsm,iss-upstream,iss-held,iss-refused,iss-down");
        upstreamIssuer(environment, "iss-upstream", upstreamBase + "/.well-known/est-mtls/ra", raDir, true);
        upstreamIssuer(environment, "iss-held", upstreamBase + "/.well-known/est/held", raDir, true);
        upstreamIssuer(environment, "iss-refused", upstreamBase + "/.well-known/est-mtls/ra", raDir, false);
        upstreamIssuer(environment, "iss-down", "https://localhost:" + ServerRun.freePorts(1)[0] + "/.well-known/est",
                raDir, true);
        environment.putAll(Map.of(
                "EST_PROFILES", "local,hsm,ra,held,refused,down",
                "EST_PROFILE_LOCAL_ISSUER_ID", "iss-local",
                "EST_PROFILE_HSM_ISSUER_ID", "iss-hsm",
                "EST_PROFILE_RA_ISSUER_ID", "iss-upstream",
                "EST_PROFILE_RA_ALLOWED_AUTH_MODES", "basic",
                "EST_PROFILE_RA_ENROLLMENT_PASSWORD_FILE", raDir.resolve("ra-profile-password").toString(),
                "EST_PROFILE_HELD_ISSUER_ID", "iss-held",
                "EST_PROFILE_REFUSED_ISSUER_ID", "iss-refused",
                "EST_PROFILE_DOWN_ISSUER_ID", "iss-down"));
        nodeEnvironment = environment;
        node = ServerRun.start(environment, ServerRun.freshDataDir("issuers-node"));
        upstream.awaitOutput("Estuary is ready");
        node.awaitOutput("Estuary is ready");
        deviceKeys = TestClients.ecKeyPair();
    }

    private static void upstreamIssuer(Map<String, String> environment, String id, String url, Path raDir,
            boolean withRaCertificate) {
        String prefix = "EST_ISSUER_" + id.toUpperCase().replace('-', '_') + "_";
        environment.put(prefix + "TYPE", "upstream-est");
        environment.put(prefix + "UPSTREAM_URL", url);
        environment.put(prefix + "UPSTREAM_TRUST_BUNDLE", upstream.dataDir.resolve("ca.crt").toString());
        environment.put(prefix + "UPSTREAM_TIMEOUT", "PT10S");
        if (withRaCertificate) {
            environment.put(prefix + "RA_KEYSTORE", raDir.resolve("ra.p12").toString());
            environment.put(prefix + "RA_KEYSTORE_PASSWORD_FILE", raDir.resolve("ra.password").toString());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.stop();
        }
        if (upstream != null) {
            upstream.stop();
        }
    }

    @Test
    @Order(1)
    void aTokenIssuerSignsWithAKeyThatNeverLeavesTheToken() throws Exception {
        ESTService hsm = bouncyCastle(node, "hsm", null, null);
        List<X509Certificate> cacerts = certificates(hsm.getCACerts().getCertificateStore());
        EnrollmentResponse enrolled = hsm.simpleEnroll(false, TestClients.csr("CN=token-device", deviceKeys), null);
        tokenIssued = certificates(enrolled.getStore()).get(0);
        String objects = TestClients.bash(ServerRun.ROOT, "SOFTHSM2_CONF='" + tokenSettings.get("SOFTHSM2_CONF")
                + "' pkcs11-tool --module '" + tokenSettings.get("EST_ISSUER_ISS_HSM_PKCS11_LIBRARY") + "' --login --pin \"$(cat '"
                + tokenDir.resolve("pin") + "')\" --list-objects --type privkey");

        assertEquals(tokenCa, cacerts.get(0), "/cacerts of the hsm profile is the token's CA certificate");
        tokenIssued.verify(tokenCa.getPublicKey());
        assertEquals("CN=token-device", tokenIssued.getSubjectX500Principal().getName());
        assertTrue(objects.contains("never extractable") && objects.contains("sensitive"),
                "the CA key on the token is sensitive and was never extractable:\n" + objects);
        assertTrue(node.output().contains("its key on the PKCS#11 token"), "the start-up log names the token");
    }

    @Test
    @Order(2)
    void theTokenSignsRenewalsCrlsAndOcspAnswers() throws Exception {
        ESTService renewal = bouncyCastle(node, "hsm", deviceKeys, tokenIssued);
        X509Certificate renewed = certificates(renewal.simpleEnroll(true,
                TestClients.csr("CN=token-device", deviceKeys), null).getStore()).get(0);
        renewed.verify(tokenCa.getPublicKey());
        assertFalse(renewed.getSerialNumber().equals(tokenIssued.getSerialNumber()));

        HttpResponse<String> revoked = node.adminPost("/api/v1/est/certificates/" + renewed.getSerialNumber().toString(16)
                + "/revoke", "{\"reason\":\"keyCompromise\"}");
        assertEquals(200, revoked.statusCode(), revoked.body());

        X509CRLHolder crl = crlListing(node, "iss-hsm", renewed);
        assertTrue(crl.isSignatureValid(new JcaContentVerifierProviderBuilder().build(tokenCa.getPublicKey())),
                "the CRL is signed by the token's key");

        BasicOCSPResp basic = ocsp(node, "iss-hsm", tokenCa, renewed);
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(tokenCa.getPublicKey())),
                "the OCSP answer is signed by the token's key");
        assertInstanceOf(RevokedStatus.class, basic.getResponses()[0].getCertStatus());
    }

    @Test
    @Order(3)
    void raModeForwardsWhatOurAuthenticationAndPolicyAdmittedAndRecordsTheUpstreamsCertificate() throws Exception {
        HttpResponse<String> wrongPassword = client(node, null, null).send(node.enrollment("ra", "CN=ra-intruder",
                TestClients.ecKeyPair(), "not-the-password"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> cacerts = client(node, null, null).send(HttpRequest.newBuilder(
                est(node, "ra/cacerts")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> enrolled = client(node, null, null).send(node.enrollment("ra", "CN=ra-device",
                deviceKeys, RA_PASSWORD), HttpResponse.BodyHandlers.ofString());
        upstreamIssued = TestClients.certificate(enrolled);

        assertEquals(401, wrongPassword.statusCode(), "our own authentication runs before anything is forwarded");
        assertEquals(200, cacerts.statusCode(), cacerts.body());
        assertEquals(upstreamCa, org.estuary.wire.CertsOnly.decode(Base64.getMimeDecoder().decode(cacerts.body())).get(0),
                "/cacerts of an RA profile is the upstream's CA");
        upstreamIssued.verify(upstreamCa.getPublicKey());
        assertArrayEquals(deviceKeys.getPublic().getEncoded(), upstreamIssued.getPublicKey().getEncoded());
        JsonObject here = record(node, upstreamIssued);
        JsonObject there = record(upstream, upstreamIssued);
        assertEquals("iss-upstream", here.getString("issuer_id"), here.toString());
        assertEquals("ra", here.getString("profile"), here.toString());
        assertEquals("ra", there.getString("profile"), "the upstream enrolled it on its RA profile: " + there);
        JsonArray forwarded = audit(upstream, "action_prefix=est_simple_enroll&profile=ra");
        assertEquals(1, forwarded.size(), "only the admitted request reached the upstream: " + forwarded);
        assertTrue(forwarded.getJsonObject(0).toString().contains("ra-device"), forwarded.toString());
    }

    @Test
    @Order(4)
    void aCertificateTheUpstreamIssuedRenewsThroughTheRa() throws Exception {
        HttpResponse<String> renewed = client(node, deviceKeys, upstreamIssued).send(HttpRequest.newBuilder(
                        est(node, "ra/simplereenroll"))
                .header("Content-Type", "application/pkcs10")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("device:" + RA_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Base64.getEncoder().encode(
                        TestClients.csr("CN=ra-device", deviceKeys).getEncoded()))).build(),
                HttpResponse.BodyHandlers.ofString());

        X509Certificate certificate = TestClients.certificate(renewed);
        certificate.verify(upstreamCa.getPublicKey());
        JsonObject record = record(node, certificate);
        assertTrue(new BigInteger(record.getString("renews_serial").replace(":", ""), 16)
                        .equals(upstreamIssued.getSerialNumber()), "the RA's record names the certificate it renews: " + record);
    }

    @Test
    @Order(5)
    void upstreamAnswersBecomeAnswersAClientCanActOn() throws Exception {
        HttpClient client = client(node, null, null);
        HttpResponse<String> held = client.send(node.enrollment("held", "CN=held-device", TestClients.ecKeyPair(), null),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> refused = client.send(node.enrollment("refused", "CN=refused-device",
                TestClients.ecKeyPair(), null), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> down = client.send(node.enrollment("down", "CN=down-device", TestClients.ecKeyPair(), null),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<byte[]> noCrl = client.send(HttpRequest.newBuilder(pki(node, "crls/iss-upstream.crl")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(202, held.statusCode(), held.body() + issuerLog());
        assertEquals("37", held.headers().firstValue("Retry-After").orElse(""), "the upstream's Retry-After is passed on");
        assertEquals(502, refused.statusCode(), refused.body() + issuerLog());
        assertTrue(refused.body().contains("upstream CA refused the request (HTTP 401)"), refused.body() + issuerLog());
        assertEquals(503, down.statusCode(), down.body() + issuerLog());
        assertTrue(down.body().contains("cannot be reached"), down.body() + issuerLog());
        assertEquals(404, noCrl.statusCode(), "the upstream CA publishes its own CRL");
        assertFalse(node.output().contains("\nSEVERE:"), "nothing above is an internal error:\n" + node.output());
    }

    @Test
    @Order(6)
    void afterARolloverBothKeysCertificatesValidateWithTheCacertsChainAndStayRevocable() throws Exception {
        KeyPair revokedKeys = TestClients.ecKeyPair();
        X509Certificate revokedLater = TestClients.certificate(client(node, null, null).send(node.enrollment("local",
                "CN=before-rollover-1", revokedKeys, null), HttpResponse.BodyHandlers.ofString()));
        KeyPair renewingKeys = TestClients.ecKeyPair();
        X509Certificate renewingLater = TestClients.certificate(client(node, null, null).send(node.enrollment("local",
                "CN=before-rollover-2", renewingKeys, null), HttpResponse.BodyHandlers.ofString()));
        X509Certificate oldCa = cacerts(node, "local").get(0);

        HttpResponse<String> rolled = node.adminPost("/api/v1/admin/issuers/iss-local/rollover", "");
        HttpResponse<String> tokenRefused = node.adminPost("/api/v1/admin/issuers/iss-hsm/rollover", "");
        HttpResponse<String> upstreamRefused = node.adminPost("/api/v1/admin/issuers/iss-upstream/rollover", "");
        HttpResponse<String> unknown = node.adminPost("/api/v1/admin/issuers/iss-nobody/rollover", "");
        assertEquals(200, rolled.statusCode(), rolled.body());
        assertTrue(rolled.body().contains("\"generation\":2"), rolled.body());
        assertEquals(409, tokenRefused.statusCode(), tokenRefused.body());
        assertEquals(409, upstreamRefused.statusCode(), upstreamRefused.body());
        assertEquals(404, unknown.statusCode(), unknown.body());

        List<X509Certificate> cacerts = cacerts(node, "local");
        X509Certificate after = TestClients.certificate(client(node, null, null).send(node.enrollment("local",
                "CN=after-rollover", TestClients.ecKeyPair(), null), HttpResponse.BodyHandlers.ofString()));
        X509Certificate renewed = TestClients.certificate(client(node, renewingKeys, renewingLater).send(
                reenrollment(node, "local", "CN=before-rollover-2", renewingKeys), HttpResponse.BodyHandlers.ofString()));

        // RFC 7030 §4.1.3 / RFC 4210 §4.4: NewWithNew first, then OldWithOld, NewWithOld, OldWithNew.
        assertEquals(4, cacerts.size(), "new, old and the two link certificates: " + cacerts);
        X509Certificate newWithNew = cacerts.get(0);
        X509Certificate oldWithOld = cacerts.get(1);
        X509Certificate newWithOld = cacerts.get(2);
        X509Certificate oldWithNew = cacerts.get(3);
        assertEquals(oldCa, oldWithOld);
        assertEquals(newWithNew.getSubjectX500Principal(), oldCa.getSubjectX500Principal(), "the CA keeps its name");
        newWithNew.verify(newWithNew.getPublicKey());
        newWithOld.verify(oldCa.getPublicKey());
        assertEquals(newWithNew.getPublicKey(), newWithOld.getPublicKey());
        oldWithNew.verify(newWithNew.getPublicKey());
        assertEquals(oldCa.getPublicKey(), oldWithNew.getPublicKey());
        after.verify(newWithNew.getPublicKey());
        renewed.verify(newWithNew.getPublicKey());

        // A relying party that trusts either key validates certificates of both with what /cacerts returned.
        for (X509Certificate anchor : List.of(newWithNew, oldWithOld)) {
            for (X509Certificate leaf : List.of(revokedLater, after)) {
                validate(leaf, anchor, cacerts);
            }
        }
        String openssl = TestClients.bash(node.dataDir, "printf '%s' '" + TestClients.pem(newWithNew) + "' > new-root.pem && printf '%s' '"
                + TestClients.pem(oldWithNew) + TestClients.pem(newWithOld) + "' > links.pem && printf '%s' '" + TestClients.pem(revokedLater)
                + "' > old-leaf.pem && openssl verify -CAfile new-root.pem -untrusted links.pem old-leaf.pem");
        assertTrue(openssl.contains("old-leaf.pem: OK"), openssl);

        HttpResponse<String> revoked = node.adminPost("/api/v1/est/certificates/"
                + revokedLater.getSerialNumber().toString(16) + "/revoke", "{\"reason\":\"superseded\"}");
        assertEquals(200, revoked.statusCode(), revoked.body());
        X509CRLHolder oldKeysCrl = crlListing(node, "iss-local", revokedLater);
        X509CRLHolder newKeysCrl = crlListing(node, "iss-local.g2", revokedLater);
        assertTrue(oldKeysCrl.isSignatureValid(new JcaContentVerifierProviderBuilder().build(oldCa.getPublicKey())),
                "the old key signs the CRL its certificates point to");
        assertTrue(newKeysCrl.isSignatureValid(new JcaContentVerifierProviderBuilder().build(newWithNew.getPublicKey())));
        assertTrue(distributionPoints(after).endsWith("/crls/iss-local.g2.crl"), distributionPoints(after));
        assertTrue(distributionPoints(revokedLater).endsWith("/crls/iss-local.crl"), distributionPoints(revokedLater));
        BasicOCSPResp oldKeysAnswer = ocsp(node, "iss-local", oldCa, revokedLater);
        BasicOCSPResp newKeysAnswer = ocsp(node, "iss-local", newWithNew, after);
        assertTrue(oldKeysAnswer.isSignatureValid(new JcaContentVerifierProviderBuilder().build(oldCa.getPublicKey())),
                "OCSP for a certificate of the old key is signed by the old key");
        assertInstanceOf(RevokedStatus.class, oldKeysAnswer.getResponses()[0].getCertStatus());
        assertTrue(newKeysAnswer.isSignatureValid(new JcaContentVerifierProviderBuilder().build(newWithNew.getPublicKey())));
        assertEquals(null, newKeysAnswer.getResponses()[0].getCertStatus(), "good");
        rolledOverCacerts = cacerts;
    }

    @Test
    @Order(7)
    void theRolledOverKeysAreReadBackAfterARestart() throws Exception {
        node.stop();
        node = ServerRun.start(nodeEnvironment, node.dataDir, node.httpsPort);
        node.awaitOutput("Estuary is ready");

        X509Certificate issued = TestClients.certificate(client(node, null, null).send(node.enrollment("local",
                "CN=after-restart", TestClients.ecKeyPair(), null), HttpResponse.BodyHandlers.ofString()));

        assertEquals(rolledOverCacerts, cacerts(node, "local"));
        issued.verify(rolledOverCacerts.get(0).getPublicKey());
    }

    private static List<X509Certificate> rolledOverCacerts;

    private static HttpRequest reenrollment(ServerRun run, String label, String subject, KeyPair keys) throws Exception {
        return HttpRequest.newBuilder(est(run, label + "/simplereenroll"))
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Base64.getEncoder().encode(
                        TestClients.csr(subject, keys).getEncoded()))).build();
    }

    private static List<X509Certificate> cacerts(ServerRun run, String label) throws Exception {
        HttpResponse<String> answer = client(run, null, null).send(HttpRequest.newBuilder(est(run, label + "/cacerts")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return org.estuary.wire.CertsOnly.decode(Base64.getMimeDecoder().decode(answer.body()));
    }

    /** RFC 5280 path validation from {@code anchor} through the certificates /cacerts returned, revocation aside. */
    private static void validate(X509Certificate leaf, X509Certificate anchor, List<X509Certificate> cacerts) throws Exception {
        java.security.cert.CertPathBuilder builder = java.security.cert.CertPathBuilder.getInstance("PKIX");
        java.security.cert.X509CertSelector target = new java.security.cert.X509CertSelector();
        target.setCertificate(leaf);
        // A name-and-key anchor: the JDK does not build through a self-issued link from a certificate anchor.
        java.security.cert.PKIXBuilderParameters parameters = new java.security.cert.PKIXBuilderParameters(
                java.util.Set.of(new java.security.cert.TrustAnchor(anchor.getSubjectX500Principal(), anchor.getPublicKey(), null)),
                target);
        List<X509Certificate> pool = new java.util.ArrayList<>(cacerts);
        pool.add(leaf);
        parameters.addCertStore(java.security.cert.CertStore.getInstance("Collection",
                new java.security.cert.CollectionCertStoreParameters(pool)));
        parameters.setRevocationEnabled(false);
        try {
            builder.build(parameters);
        } catch (java.security.cert.CertPathBuilderException refused) {
            throw new AssertionError(leaf.getSubjectX500Principal() + " (signed by the key of " + leaf.getIssuerX500Principal()
                    + ") does not validate from the key of " + anchor.getSerialNumber().toString(16) + ": " + refused, refused);
        }
    }

    /** The CRL named {@code crlId}, once it lists {@code revoked}. */
    private static X509CRLHolder crlListing(ServerRun run, String crlId, X509Certificate revoked) throws Exception {
        X509CRLHolder crl = null;
        for (int i = 0; i < 50 && (crl == null || crl.getRevokedCertificate(revoked.getSerialNumber()) == null); i++) {
            HttpResponse<byte[]> answer = client(run, null, null).send(HttpRequest.newBuilder(pki(run, "crls/" + crlId + ".crl")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, answer.statusCode(), crlId);
            crl = new X509CRLHolder(answer.body());
            Thread.sleep(200);
        }
        assertNotNull(crl.getRevokedCertificate(revoked.getSerialNumber()), crlId + " lists " + revoked.getSubjectX500Principal());
        return crl;
    }

    /** The URL of the certificate's (first) CRL distribution point. */
    private static String distributionPoints(X509Certificate certificate) throws Exception {
        var name = org.bouncycastle.asn1.x509.CRLDistPoint.fromExtensions(new JcaX509CertificateHolder(certificate)
                .getExtensions()).getDistributionPoints()[0].getDistributionPoint().getName();
        return org.bouncycastle.asn1.ASN1IA5String.getInstance(org.bouncycastle.asn1.x509.GeneralNames.getInstance(name)
                .getNames()[0].getName()).getString();
    }

    private static BasicOCSPResp ocsp(ServerRun run, String issuerId, X509Certificate ca, X509Certificate certificate)
            throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(ca), certificate.getSerialNumber());
        HttpResponse<byte[]> answer = client(run, null, null).send(HttpRequest.newBuilder(pki(run, "ocsp/" + issuerId))
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new OCSPReqBuilder().addRequest(id).build().getEncoded()))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode());
        return (BasicOCSPResp) new OCSPResp(answer.body()).getResponseObject();
    }

    /** What the node logged about its issuers: the upstream's own words when it failed. */
    private static String issuerLog() {
        return "\nthe node's issuer log:\n" + java.util.Arrays.stream(node.output().split("\n"))
                .filter(line -> line.contains("issuer iss-") || line.contains("Issuer iss-"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private static JsonObject record(ServerRun run, X509Certificate certificate) throws Exception {
        return run.certificateRecord(certificate.getSerialNumber().toString(16))
                .orElseThrow(() -> new AssertionError("no record of " + certificate.getSubjectX500Principal()))
                .getJsonArray("certificates").getJsonObject(0);
    }

    private static JsonArray audit(ServerRun run, String query) throws Exception {
        String key = Files.readString(run.dataDir.resolve("admin-api-key")).strip();
        HttpResponse<String> answer = client(run, null, null).send(HttpRequest.newBuilder(URI.create("https://localhost:"
                + run.httpsPort + "/api/v1/admin/audit?" + query)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.createReader(new StringReader(answer.body())).readObject().getJsonArray("events");
    }

    private static Map<String, String> settings(String scriptOutput) {
        Map<String, String> settings = new HashMap<>();
        for (String line : scriptOutput.split("\n")) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0 && line.substring(0, equals).matches("[A-Z0-9_]+")) {
                settings.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        assertTrue(settings.containsKey("SOFTHSM2_CONF"), scriptOutput);
        return settings;
    }

    private static X509Certificate readCertificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static List<X509Certificate> certificates(org.bouncycastle.util.Store<X509CertificateHolder> store)
            throws Exception {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new java.util.ArrayList<>();
        for (X509CertificateHolder holder : ESTService.storeToArray(store)) {
            certificates.add(converter.getCertificate(holder));
        }
        return certificates;
    }

    private static X509TrustManager trusting(ServerRun run) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", readCertificate(run.dataDir.resolve("ca.crt")));
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static ESTService bouncyCastle(ServerRun run, String label, KeyPair keys, X509Certificate certificate)
            throws Exception {
        JsseESTServiceBuilder builder = new JsseESTServiceBuilder("localhost:" + run.httpsPort, trusting(run));
        builder.withLabel(label);
        if (certificate != null) {
            builder.withKeyManagers(TestClients.keyManagers(keys, certificate));
        }
        return builder.build();
    }

    private static HttpClient client(ServerRun run, KeyPair keys, X509Certificate certificate) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        KeyManager[] keyManagers = certificate == null ? null : TestClients.keyManagers(keys, certificate);
        tls.init(keyManagers, new TrustManager[] {trusting(run)}, null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static URI est(ServerRun run, String path) {
        return URI.create("https://localhost:" + run.httpsPort + "/.well-known/est/" + path);
    }

    private static URI pki(ServerRun run, String path) {
        return URI.create("https://localhost:" + run.httpsPort + "/.well-known/pki/" + path);
    }

}
