package org.estuary.enrollment.api;

import static org.estuary.enrollment.api.TestClients.certificate;
import static org.estuary.enrollment.api.TestClients.pem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import java.io.File;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Revocation end to end, inside the server so that the audit rows can be read: devices enroll on
 * two profiles bound to two certificate profiles; an administrator revokes one certificate or a
 * whole certificate profile's; the CRL (over plain HTTP) and the OCSP responder say so within
 * seconds, to Bouncy Castle and to {@code openssl}; a revoked certificate renews nothing.
 */
@ExtendWith(ArquillianExtension.class)
class RevocationIT {

    static final String VIEWER_KEY = "viewer-key-for-revocation";

    /** The acceptance's bound: from the revoking call to both CRL and OCSP saying revoked. */
    static final Duration PUBLICATION_BOUND = Duration.ofSeconds(10);

    private static final Path FILES = TestClients.dataDir().resolve("revocation-it");

    /**
     * The file naming the certificate profile the bulk revocation names: new on every run, as the
     * database outlives runs, and written down because the deployment is made in the client's JVM and
     * the tests run in the server's.
     */
    private static final Path FLEET_ID = FILES.resolve("fleet-certificate-profile-id");

    @Deployment
    static WebArchive deployment() throws Exception {
        Files.createDirectories(FILES);
        String fleet = "rv-fleet-" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
        Files.writeString(FLEET_ID, fleet);
        // Ids of their own: the integration tests share one database, and a seed never replaces a profile.
        Files.writeString(FILES.resolve("certificate-profiles.json"), """
                [ {"id": "rv-iot", "name": "IoT sensors", "key_algorithms": ["EC"], "allowed_ekus": ["clientAuth"]},
                  {"id": "%s", "name": "A fleet revoked at once", "key_algorithms": ["EC"]},
                  {"id": "rv-corp", "name": "Corporate devices"} ]
                """.formatted(fleet));
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addClasses(RevocationIT.class, TestClients.class, TestRecords.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "est.profiles=iot,fleet,corp",
                        "est.profile.iot.issuer-id=iss-local",
                        "est.profile.iot.profile-id=rv-iot",
                        "est.profile.fleet.issuer-id=iss-local",
                        "est.profile.fleet.profile-id=" + fleet,
                        "est.profile.corp.issuer-id=iss-local",
                        "est.profile.corp.profile-id=rv-corp",
                        "est.certificate-profiles-file=" + FILES.resolve("certificate-profiles.json"),
                        "est.public-base-url=http://localhost:" + httpPort(),
                        "est.admin.api-keys=ops-dashboard:viewer:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(VIEWER_KEY.getBytes(StandardCharsets.UTF_8))),
                        "")), "META-INF/microprofile-config.properties");
    }

    @Resource(lookup = "java:app/jdbc/estuary")
    DataSource database;

    @Test
    void bulkRevokingACertificateProfileReachesTheCrlAndOcspWithinSecondsAndNamesWhoDidIt() throws Exception {
        String fleet = Files.readString(FLEET_ID).strip();
        X509Certificate sensor1 = enroll("fleet", "sensor-1");
        X509Certificate sensor2 = enroll("fleet", "sensor-2");
        X509Certificate laptop = enroll("corp", "laptop-1");

        HttpResponse<String> byViewer = api("POST", "certificates/bulk-revoke",
                "{\"reason\":\"keyCompromise\",\"profile_id\":\"" + fleet + "\"}", VIEWER_KEY);
        long started = System.nanoTime();
        HttpResponse<String> revoked = api("POST", "certificates/bulk-revoke",
                "{\"reason\":\"keyCompromise\",\"profile_id\":\"" + fleet + "\"}", TestClients.adminKey());
        assertEquals("{\"revoked\":2,\"matched\":2}", revoked.body().replace(" ", ""));
        X509CRLHolder crl = crlListing(sensor1, sensor2);
        OCSPResp first = ocspPost(sensor1, nonce());
        OCSPResp second = ocspPost(sensor2, nonce());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("revocation: bulk revoke to CRL and OCSP both saying revoked in " + elapsed.toMillis() + " ms");

        assertEquals(403, byViewer.statusCode(), "a viewer key may not revoke: " + byViewer.body());
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("{\"revoked\":2,\"matched\":2}", revoked.body().replace(" ", ""));
        assertTrue(elapsed.compareTo(PUBLICATION_BOUND) < 0, "CRL and OCSP said revoked after " + elapsed);
        assertReason(CRLReason.keyCompromise, crl.getRevokedCertificate(sensor1.getSerialNumber()));
        assertNull(crl.getRevokedCertificate(laptop.getSerialNumber()), "another certificate profile is untouched");
        assertEquals(CRLReason.keyCompromise, revokedStatus(first, sensor1).getRevocationReason());
        assertEquals(CRLReason.keyCompromise, revokedStatus(second, sensor2).getRevocationReason());
        assertNull(single(ocspPost(laptop, nonce()), laptop).getCertStatus(), "good");
        List<List<String>> audit = new TestRecords(database).query(
                "SELECT principal, detail FROM audit_event WHERE action = 'est_bulk_revoke' AND detail LIKE ?", "%" + fleet + "%");
        assertEquals(1, audit.size(), "one audit row for the bulk revocation, none for the viewer's refusal: " + audit);
        assertEquals("admin-api-key", audit.get(0).get(0), "the row names who revoked");
        assertTrue(audit.get(0).get(1).contains(fleet) && audit.get(0).get(1).contains("keyCompromise"), audit.get(0).get(1));

        HttpResponse<String> again = api("POST", "certificates/bulk-revoke",
                "{\"reason\":\"superseded\",\"profile_id\":\"" + fleet + "\"}", TestClients.adminKey());
        assertEquals("{\"revoked\":0,\"matched\":2}", again.body().replace(" ", ""), "revoking the revoked changes nothing");
        assertReason(CRLReason.keyCompromise, crl().getRevokedCertificate(sensor1.getSerialNumber()));
    }

    @Test
    void opensslFindsTheSerialOnTheCrlAndTheResponderSaysRevokedForItAndGoodForItsSibling() throws Exception {
        X509Certificate revoked = enroll("corp", "printer-1");
        X509Certificate sibling = enroll("corp", "printer-2");
        Path work = Files.createDirectories(FILES.resolve("openssl"));
        Files.writeString(work.resolve("revoked.pem"), pem(revoked));
        Files.writeString(work.resolve("sibling.pem"), pem(sibling));

        HttpResponse<String> answer = api("POST", "certificates/" + revoked.getSerialNumber().toString(16).toUpperCase(Locale.ROOT)
                + "/revoke", "{\"reason\":\"superseded\"}", TestClients.adminKey());
        HttpResponse<String> twice = api("POST", "certificates/" + revoked.getSerialNumber().toString(16) + "/revoke",
                "{\"reason\":\"keyCompromise\"}", TestClients.adminKey());
        crlListing(revoked);
        String base = "http://localhost:" + httpPort() + "/.well-known/pki";
        String output = TestClients.bash(work, String.join("\n",
                "set -e",
                "cp " + TestClients.dataDir().resolve("ca.crt") + " ca.crt",
                "curl -sS -f -o crl.der " + base + "/crls/iss-local.crl",
                "openssl crl -inform DER -in crl.der -noout -text",
                "openssl crl -inform DER -in crl.der -out crl.pem",
                "openssl verify -crl_check -CAfile ca.crt -CRLfile crl.pem sibling.pem",
                "if openssl verify -crl_check -CAfile ca.crt -CRLfile crl.pem revoked.pem; then exit 3; fi",
                "openssl ocsp -issuer ca.crt -cert revoked.pem -cert sibling.pem -url " + base + "/ocsp/iss-local -CAfile ca.crt"));

        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"changed\":true") && answer.body().contains("\"reason\":\"superseded\""), answer.body());
        assertEquals(200, twice.statusCode(), twice.body());
        assertTrue(twice.body().contains("\"changed\":false") && twice.body().contains("\"reason\":\"superseded\""),
                "the first revocation stands: " + twice.body());
        assertTrue(output.toUpperCase(Locale.ROOT).contains(revoked.getSerialNumber().toString(16).toUpperCase(Locale.ROOT)),
                "openssl crl lists the serial:\n" + output);
        assertTrue(output.contains("sibling.pem: OK"), output);
        assertTrue(output.contains("certificate revoked"), output);
        assertTrue(output.contains("Response verify OK"), output);
        assertTrue(output.contains("revoked.pem: revoked"), output);
        assertTrue(output.contains("sibling.pem: good"), output);
    }

    @Test
    void theResponderAnswersGetRequestsEchoesTheNonceAndKnowsWhatIsNotOurs() throws Exception {
        X509Certificate laptop = enroll("corp", "laptop-2");
        byte[] nonce = nonce();
        OCSPReq request = ocspRequest(laptop.getSerialNumber(), nonce);
        String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(request.getEncoded()), StandardCharsets.UTF_8);

        OCSPResp byGet = ocsp(HttpRequest.newBuilder(pki("ocsp/iss-local/" + encoded)).GET());
        OCSPResp stranger = ocspPost(ocspRequest(new BigInteger(64, new SecureRandom()), nonce()));
        HttpResponse<byte[]> garbage = plain().send(HttpRequest.newBuilder(pki("ocsp/iss-local"))
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x30, 0x03, 0x02, 0x01})).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        BasicOCSPResp basic = basic(byGet);
        assertNull(single(byGet, laptop).getCertStatus(), "good");
        assertArrayEquals(new DEROctetString(nonce).getEncoded(),
                basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets(), "nonce echoed");
        assertInstanceOf(UnknownStatus.class, basic(stranger).getResponses()[0].getCertStatus(), "a serial we never issued");
        assertEquals(400, garbage.statusCode());
        assertEquals(OCSPResp.MALFORMED_REQUEST, new OCSPResp(garbage.body()).getStatus());
    }

    @Test
    void issuedCertificatesNameTheirCrlAndResponderAndARevokedOneRenewsNothing() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        X509Certificate sensor = certificate(TestClients.post(TestClients.https(null, null), "iot/simpleenroll",
                "application/pkcs10", csrOf("sensor-9", keys)));
        String base = "http://localhost:" + httpPort() + "/.well-known/pki/";

        JcaX509CertificateHolder holder = new JcaX509CertificateHolder(sensor);
        CRLDistPoint distribution = CRLDistPoint.fromExtensions(holder.getExtensions());
        AuthorityInformationAccess access = AuthorityInformationAccess.fromExtensions(holder.getExtensions());
        assertEquals(base + "crls/iss-local.crl", uri(GeneralNames.getInstance(
                distribution.getDistributionPoints()[0].getDistributionPoint().getName())));
        AccessDescription ocsp = access.getAccessDescriptions()[0];
        assertEquals(AccessDescription.id_ad_ocsp, ocsp.getAccessMethod());
        assertEquals(base + "ocsp/iss-local", uri(new GeneralNames(ocsp.getAccessLocation())));

        HttpResponse<String> beforeRevocation = TestClients.post(TestClients.https(keys, sensor), "iot/simplereenroll",
                "application/pkcs10", csrOf("sensor-9", TestClients.ecKeyPair()));
        assertEquals(200, beforeRevocation.statusCode(), beforeRevocation.body());
        assertEquals(200, api("POST", "certificates/" + sensor.getSerialNumber().toString(16) + "/revoke",
                "{\"reason\":\"cessationOfOperation\"}", TestClients.adminKey()).statusCode());
        HttpResponse<String> afterRevocation = TestClients.post(TestClients.https(keys, sensor), "iot/simplereenroll",
                "application/pkcs10", csrOf("sensor-9", TestClients.ecKeyPair()));
        assertEquals(401, afterRevocation.statusCode(), afterRevocation.body());
    }

    @Test
    void refusalsAreShortAndCorrect() throws Exception {
        X509Certificate laptop = enroll("corp", "laptop-3");
        String serial = laptop.getSerialNumber().toString(16);

        assertEquals(401, api("POST", "certificates/" + serial + "/revoke", "{}", null).statusCode());
        assertEquals(403, api("POST", "certificates/" + serial + "/revoke", "{}", VIEWER_KEY).statusCode());
        assertEquals(404, api("POST", "certificates/ab12cd34ef/revoke", "{}", TestClients.adminKey()).statusCode());
        HttpResponse<String> badReason = api("POST", "certificates/" + serial + "/revoke", "{\"reason\":\"certificateHold\"}",
                TestClients.adminKey());
        assertEquals(400, badReason.statusCode());
        assertTrue(badReason.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), badReason.toString());
        assertEquals(400, api("POST", "certificates/bulk-revoke", "{\"reason\":\"keyCompromise\"}", TestClients.adminKey())
                .statusCode(), "a bulk revocation without any criterion would revoke everything");
        assertEquals(400, api("POST", "certificates/bulk-revoke", "{not json", TestClients.adminKey()).statusCode());
        assertEquals(404, plain().send(HttpRequest.newBuilder(pki("crls/no-such-issuer.crl")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals("ISSUED", status(serial), "nothing above changed the certificate");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static X509Certificate enroll(String label, String commonName) throws Exception {
        return certificate(TestClients.post(TestClients.https(null, null), label + "/simpleenroll", "application/pkcs10",
                csrOf(commonName, TestClients.ecKeyPair())));
    }

    private static byte[] csrOf(String commonName, KeyPair keys) throws Exception {
        return Base64.getEncoder().encode(TestClients.csr("CN=" + commonName, keys).getEncoded());
    }

    /** A call to {@code /api/v1/est/<path>}. */
    private static HttpResponse<String> api(String method, String path, String json, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + TestClients.httpsPort()
                        + "/api/v1/est/" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return TestClients.https(null, null).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String status(String serial) throws Exception {
        return new TestRecords(database).query("SELECT status FROM issued_certificate WHERE serial_number = ?", serial)
                .get(0).get(0);
    }

    private static int httpPort() {
        return Integer.parseInt(System.getProperty("est.http.port"));
    }

    /** Over plain HTTP, as relying parties fetch CRLs and ask responders. */
    private static URI pki(String path) {
        return URI.create("http://localhost:" + httpPort() + "/.well-known/pki/" + path);
    }

    private static HttpClient plain() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static X509CRLHolder crl() throws Exception {
        HttpResponse<byte[]> answer = plain().send(HttpRequest.newBuilder(pki("crls/iss-local.crl")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode());
        assertEquals("application/pkix-crl", answer.headers().firstValue("Content-Type").orElse(""));
        X509CRLHolder crl = new X509CRLHolder(answer.body());
        assertTrue(crl.isSignatureValid(new JcaContentVerifierProviderBuilder().build(TestClients.serverCa().getPublicKey())),
                "signed by the CA");
        assertEquals(new JcaX509CertificateHolder(TestClients.serverCa()).getSubject(), crl.getIssuer());
        assertNotNull(crl.getExtension(Extension.cRLNumber), "CRL number");
        assertNotNull(crl.getExtension(Extension.authorityKeyIdentifier), "AKI");
        assertTrue(crl.getNextUpdate().after(crl.getThisUpdate()), "nextUpdate after thisUpdate");
        return crl;
    }

    /** The CRL once it lists every one of {@code certificates}, polled for at most {@link #PUBLICATION_BOUND}. */
    private static X509CRLHolder crlListing(X509Certificate... certificates) throws Exception {
        long deadline = System.nanoTime() + PUBLICATION_BOUND.toNanos();
        BigInteger previousNumber = null;
        while (true) {
            X509CRLHolder crl = crl();
            BigInteger number = CRLNumber.getInstance(crl.getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber();
            if (previousNumber != null) {
                assertTrue(number.compareTo(previousNumber) >= 0, "CRL numbers never go back");
            }
            previousNumber = number;
            boolean all = true;
            for (X509Certificate certificate : certificates) {
                all &= crl.getRevokedCertificate(certificate.getSerialNumber()) != null;
            }
            if (all) {
                return crl;
            }
            assertTrue(System.nanoTime() < deadline, "the CRL did not list the revocation within " + PUBLICATION_BOUND);
            Thread.sleep(250);
        }
    }

    private static void assertReason(int reason, X509CRLEntryHolder entry) {
        assertNotNull(entry, "listed");
        assertEquals(CRLReason.lookup(reason), CRLReason.getInstance(entry.getExtensions().getExtension(Extension.reasonCode)
                .getParsedValue()));
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        return nonce;
    }

    private static OCSPReq ocspRequest(BigInteger serial, byte[] nonce) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(TestClients.serverCa()), serial);
        return new OCSPReqBuilder().addRequest(id)
                // RFC 8954 §2.1: the extnValue holds the DER of Nonce ::= OCTET STRING.
                .setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(nonce).getEncoded())))
                .build();
    }

    private static OCSPResp ocspPost(X509Certificate certificate, byte[] nonce) throws Exception {
        return ocspPost(ocspRequest(certificate.getSerialNumber(), nonce));
    }

    private static OCSPResp ocspPost(OCSPReq request) throws Exception {
        return ocsp(HttpRequest.newBuilder(pki("ocsp/iss-local")).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())));
    }

    private static OCSPResp ocsp(HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> answer = plain().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode());
        assertEquals("application/ocsp-response", answer.headers().firstValue("Content-Type").orElse(""));
        OCSPResp response = new OCSPResp(answer.body());
        assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
        return response;
    }

    private static BasicOCSPResp basic(OCSPResp response) throws Exception {
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(TestClients.serverCa().getPublicKey())),
                "signed by the CA");
        return basic;
    }

    private static SingleResp single(OCSPResp response, X509Certificate certificate) throws Exception {
        SingleResp single = basic(response).getResponses()[0];
        assertEquals(certificate.getSerialNumber(), single.getCertID().getSerialNumber());
        return single;
    }

    private static RevokedStatus revokedStatus(OCSPResp response, X509Certificate certificate) throws Exception {
        RevokedStatus status = assertInstanceOf(RevokedStatus.class, single(response, certificate).getCertStatus());
        assertTrue(status.hasRevocationReason());
        return status;
    }

    private static String uri(GeneralNames names) {
        GeneralName name = names.getNames()[0];
        assertEquals(GeneralName.uniformResourceIdentifier, name.getTagNo());
        return name.getName().toString();
    }
}
