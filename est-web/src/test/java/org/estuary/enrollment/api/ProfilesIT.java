package org.estuary.enrollment.api;

import static org.estuary.enrollment.api.TestClients.certificate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.HttpAuth;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estuary.wire.CertsOnly;
import org.estuary.wire.CsrAttributes;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three EST profiles on one server, with the certificate profiles of
 * {@code server-config/certificate-profiles.example.json}: corp (RSA 2048+, serverAuth and
 * clientAuth, DNS names under corp.example.com, must-staple), iot (EC P-256 only, SHA-256, 90 days,
 * deviceSerialNumber required) and wifi (clientAuth only, deviceSerialNumber required). Dispatch by
 * label, isolation between profiles, every rule refused with its dimension named and audited,
 * csrattrs that lead a client to a CSR the policy accepts, and the certificate-profile admin API. A
 * fourth profile, partner, wants HTTP Basic with its enrollment password.
 */
@ExtendWith(ArquillianExtension.class)
class ProfilesIT {

    static final String PARTNER_PASSWORD = "partner-enrollment-secret";

    @Deployment
    static WebArchive deployment() {
        Path examples = Path.of(System.getProperty("user.dir")).resolveSibling("server-config").toAbsolutePath().normalize();
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addClasses(ProfilesIT.class, TestClients.class, TestRecords.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "est.certificate-profiles-file=" + examples.resolve("certificate-profiles.example.json"),
                        "est.profile.corp.issuer-id=iss-local",
                        "est.profile.corp.profile-id=cp-corp",
                        "est.profile.iot.issuer-id=iss-local",
                        "est.profile.iot.profile-id=cp-iot",
                        "est.profile.wifi.issuer-id=iss-local",
                        "est.profile.wifi.profile-id=cp-wifi",
                        "est.profiles=corp,iot,wifi,partner",
                        "est.profile.partner.issuer-id=iss-local",
                        "est.profile.partner.allowed-auth-modes=basic",
                        "est.profile.partner.enrollment-password=" + PARTNER_PASSWORD,
                        "")), "META-INF/microprofile-config.properties");
    }

    @Resource(lookup = "java:app/jdbc/estuary")
    DataSource database;

    @Test
    void eachLabelPublishesItsOwnEndpointsAndTheRootNone() throws Exception {
        for (String label : List.of("corp", "iot", "wifi")) {
            HttpResponse<String> cacerts = get(label + "/cacerts");
            assertEquals(200, cacerts.statusCode(), label);
            assertEquals(TestClients.serverCa(), CertsOnly.decode(Base64.getMimeDecoder().decode(cacerts.body())).get(0));
        }
        assertEquals(404, get("cacerts").statusCode(), "no root profile while labels are configured");
        assertEquals(404, get("fleet/cacerts").statusCode(), "no such label");
        assertEquals(404, post("simpleenroll", rsaCsr("CN=root", 2048, null)).statusCode());
    }

    @Test
    void corpIssuesRsaWithServerAndClientAuthAndMustStaple() throws Exception {
        HttpResponse<String> answer = post("corp/simpleenroll", rsaCsr("CN=build-01", 3072, "build-01.corp.example.com"));

        X509Certificate issued = certificate(answer);
        assertEquals(List.of(KeyPurposeId.id_kp_serverAuth.getId(), KeyPurposeId.id_kp_clientAuth.getId()),
                issued.getExtendedKeyUsage());
        assertNotNull(issued.getExtensionValue("1.3.6.1.5.5.7.1.24"), "TLS Feature (must-staple) extension");
        String serial = issued.getSerialNumber().toString(16);
        assertEquals(List.of("est_simple_enroll_success|anonymous|corp"), records().auditRowsOf(serial));
        assertEquals("corp", records().query("SELECT profile FROM issued_certificate WHERE serial_number = ?", serial)
                .get(0).get(0));
    }

    @Test
    void everyRuleRefusesWithItsDimensionNamedAndAudited() throws Exception {
        assertRefused("corp", ecCsr("CN=laptop", "secp256r1", null, null), "key: EC not allowed (RSA)");
        assertRefused("corp", rsaCsr("CN=old", 1024, null), "key: RSA 1024 below minimum 2048");
        assertRefused("corp", rsaCsr("CN=outsider", 2048, "www.example.org"),
                "san: dNSName www.example.org outside the allowed names");
        assertRefused("iot", ecCsr("CN=sensor", "secp384r1", "SN-1", null), "key: EC P-384 not allowed (P-256)");
        assertRefused("iot", ecCsr("CN=sensor", "secp256r1", null, null), "attribute: deviceSerialNumber missing");
        assertRefused("iot", ecCsr("CN=sensor", "secp256r1", "SN-2", null, "SHA384withECDSA"),
                "signature: SHA-384 not allowed (SHA-256)");
        assertRefused("wifi", ecCsr("CN=laptop-7", "secp256r1", "SN-3", KeyPurposeId.id_kp_serverAuth),
                "eku: serverAuth not allowed (clientAuth)");
    }

    @Test
    void iotCertificatesLiveNinetyDaysAndCarryTheDeviceSerialNumber() throws Exception {
        X509Certificate issued = certificate(post("iot/simpleenroll", ecCsr("CN=sensor-9", "secp256r1", "SN-9", null)));

        long days = Duration.between(issued.getNotBefore().toInstant(), issued.getNotAfter().toInstant()).toDays();
        assertTrue(days <= 90, "validity capped at 90 days, was " + days);
        assertTrue(X500Name.getInstance(issued.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.SERIALNUMBER).length == 1,
                issued.getSubjectX500Principal().getName());
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth.getId()), issued.getExtendedKeyUsage());
    }

    @Test
    void aCsrBuiltFromEachProfilesCsrattrsPasses() throws Exception {
        for (String label : List.of("corp", "iot", "wifi")) {
            HttpResponse<String> attributes = get(label + "/csrattrs");
            CsrAttrs asked = attributes.statusCode() == 204 ? new CsrAttrs(new AttrOrOID[0])
                    : CsrAttributes.decode(Base64.getMimeDecoder().decode(attributes.body()));

            HttpResponse<String> answer = post(label + "/simpleenroll", followingCsrattrs(asked, "CN=guided-" + label));

            assertEquals(200, answer.statusCode(), label + " asked " + attributes.body() + ": " + answer.body());
        }
    }

    @Test
    void bouncyCastleReadsTheIotCsrattrs() throws Exception {
        var response = TestClients.estService("iot", null, null).getCSRAttributes().getAttributesResponse();

        assertTrue(response.hasRequirement(BCStyle.SERIALNUMBER));
        assertTrue(response.isAttribute(X9ObjectIdentifiers.id_ecPublicKey), "the curve comes as an attribute");
        assertTrue(response.hasRequirement(X9ObjectIdentifiers.ecdsa_with_SHA256));
    }

    @Test
    @RunAsClient
    void curlAndOpensslReadTheIotCsrattrs(@TempDir Path work) throws Exception {
        String output = TestClients.bash(work, "set -euo pipefail; curl -sS --fail --cacert " + TestClients.dataDir().resolve("ca.crt")
                + " https://localhost:" + TestClients.httpsPort() + "/.well-known/est/iot/csrattrs | base64 -d"
                + " | openssl asn1parse -inform DER | grep -o 'serialNumber\\|id-ecPublicKey\\|prime256v1\\|ecdsa-with-SHA256'"
                + " | sort | tr '\\n' ' '");

        assertEquals("ecdsa-with-SHA256 id-ecPublicKey prime256v1 serialNumber", output.strip());
    }

    @Test
    void aCertificateIssuedUnderOneProfileCannotRenewUnderAnother() throws Exception {
        KeyPair keys = ecKeys("secp256r1");
        byte[] csr = Base64.getEncoder().encode(csrOf(keys, name("CN=roamer", "SN-77"), null, "SHA256withECDSA").getEncoded());
        X509Certificate iotCertificate = certificate(post("iot/simpleenroll", csr));
        String reason = "client certificate was issued under another EST profile";
        long before = records().countAudit("est_simple_reenroll_failed", reason);

        HttpResponse<String> elsewhere = TestClients.post(TestClients.https(keys, iotCertificate), "wifi/simplereenroll",
                "application/pkcs10", csr);
        HttpResponse<String> home = TestClients.post(TestClients.https(keys, iotCertificate), "iot/simplereenroll",
                "application/pkcs10", csr);

        assertEquals(401, elsewhere.statusCode());
        assertEquals(reason + "\n", elsewhere.body());
        assertEquals(before + 1, records().countAudit("est_simple_reenroll_failed", reason));
        assertEquals(200, home.statusCode(), home.body());
    }

    @Test
    void aBasicProfileChallengesThenAdmitsBouncyCastlesRetryWithThePassword() throws Exception {
        byte[] csr = Base64.getEncoder().encode(csrOf(ecKeys("secp256r1"), new X500Name("CN=partner-device"), null,
                "SHA256withECDSA").getEncoded());
        long wrongBefore = records().countAudit("est_auth_failed_basic", "wrong enrollment password");

        HttpResponse<String> anonymous = post("partner/simpleenroll", csr);
        HttpResponse<String> wrong = TestClients.https(null, null).send(HttpRequest.newBuilder(TestClients.est("partner/simpleenroll"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("device:guess".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(csr)).build(), HttpResponse.BodyHandlers.ofString());
        EnrollmentResponse enrolled = TestClients.estService("partner", null, null).simpleEnroll(false,
                csrOf(ecKeys("secp256r1"), new X500Name("CN=partner-bc"), null, "SHA256withECDSA"),
                new HttpAuth(null, "bc-device", PARTNER_PASSWORD.toCharArray()));

        assertEquals(401, anonymous.statusCode());
        assertEquals("Basic realm=\"estuary\"", anonymous.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("", anonymous.body(), "a bare challenge: Bouncy Castle's client fails on a 401 with a body");
        assertEquals(401, wrong.statusCode());
        assertEquals(wrongBefore + 1, records().countAudit("est_auth_failed_basic", "wrong enrollment password"));
        assertTrue(enrolled.isCompleted());
        String serial = ESTService.storeToArray(enrolled.getStore())[0].getSerialNumber().toString(16);
        assertEquals(List.of("est_simple_enroll_success|bc-device|partner"), records().auditRowsOf(serial));
    }

    @Test
    void certificateProfilesAreManagedThroughTheAdminApi() throws Exception {
        String key = TestClients.adminKey();
        String id = "cp-test-" + Long.toHexString(System.nanoTime());

        HttpResponse<String> listed = TestClients.admin("GET", "certificate-profiles", null, key);
        HttpResponse<String> created = TestClients.admin("POST", "certificate-profiles",
                "{\"id\":\"" + id + "\",\"key_algorithms\":[\"EC\"],\"max_ttl_seconds\":86400}", key);
        HttpResponse<String> again = TestClients.admin("POST", "certificate-profiles", "{\"id\":\"" + id + "\"}", key);
        HttpResponse<String> invalid = TestClients.admin("POST", "certificate-profiles",
                "{\"id\":\"cp-bad\",\"rsa_min_bits\":1024}", key);
        HttpResponse<String> notJson = TestClients.admin("POST", "certificate-profiles", "{not json", key);
        HttpResponse<String> replaced = TestClients.admin("PUT", "certificate-profiles/" + id,
                "{\"key_algorithms\":[\"RSA\"]}", key);
        HttpResponse<String> inUse = TestClients.admin("DELETE", "certificate-profiles/cp-iot", null, key);
        HttpResponse<String> deleted = TestClients.admin("DELETE", "certificate-profiles/" + id, null, key);
        HttpResponse<String> gone = TestClients.admin("GET", "certificate-profiles/" + id, null, key);
        HttpResponse<String> anonymous = TestClients.admin("GET", "certificate-profiles", null, null);

        assertEquals(200, listed.statusCode());
        for (String seeded : List.of("cp-corp", "cp-iot", "cp-wifi")) {
            assertTrue(listed.body().contains("\"" + seeded + "\""), listed.body());
        }
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(86400, json(created.body()).getInt("max_ttl_seconds"));
        assertEquals(409, again.statusCode());
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().startsWith("rsa_min_bits"), invalid.body());
        assertEquals(400, notJson.statusCode(), notJson.body());
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("RSA", json(replaced.body()).getJsonArray("key_algorithms").getString(0));
        assertEquals(409, inUse.statusCode());
        assertEquals("certificate profile cp-iot is used by EST profile iot\n", inUse.body());
        assertEquals(204, deleted.statusCode());
        assertEquals(404, gone.statusCode());
        assertEquals(401, anonymous.statusCode());
        assertEquals(List.of(List.of("created certificate profile " + id), List.of("replaced certificate profile " + id),
                List.of("deleted certificate profile " + id)), records().query("SELECT detail FROM audit_event"
                + " WHERE action = 'est_certificate_profile_changed' AND detail LIKE ? ORDER BY id", "% " + id));
    }

    private void assertRefused(String label, byte[] csr, String reason) throws Exception {
        long before = countPolicyViolations(label, reason);

        HttpResponse<String> answer = post(label + "/simpleenroll", csr);

        assertEquals(403, answer.statusCode(), answer.body());
        assertEquals(reason + "\n", answer.body());
        assertEquals(before + 1, countPolicyViolations(label, reason), "audited on profile " + label);
    }

    private long countPolicyViolations(String label, String reason) throws Exception {
        return Long.parseLong(records().query("SELECT COUNT(*) FROM audit_event WHERE action = 'est_csr_policy_violation'"
                + " AND profile = ? AND detail = ?", label, reason).get(0).get(0));
    }

    /** What a client does with csrattrs: the curve or key type asked for, the hash asked for, every attribute asked for. */
    private static byte[] followingCsrattrs(CsrAttrs asked, String subject) throws Exception {
        String curve = null;
        boolean rsa = false;
        String hash = "SHA256";
        String serialNumber = null;
        boolean challengePassword = false;
        for (AttrOrOID entry : asked.getAttrOrOIDs()) {
            ASN1ObjectIdentifier type = entry.isOid() ? entry.getOid() : entry.getAttribute().getAttrType();
            if (type.equals(X9ObjectIdentifiers.id_ecPublicKey) && !entry.isOid() && curve == null) {
                curve = ((ASN1ObjectIdentifier) entry.getAttribute().getAttrValues().getObjectAt(0)).getId();
            } else if (type.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                rsa = true;
            } else if (type.equals(X9ObjectIdentifiers.ecdsa_with_SHA384) || type.equals(PKCSObjectIdentifiers.sha384WithRSAEncryption)) {
                hash = "SHA384";
            } else if (type.equals(BCStyle.SERIALNUMBER)) {
                serialNumber = "GUIDED-1";
            } else if (type.equals(PKCSObjectIdentifiers.pkcs_9_at_challengePassword)) {
                challengePassword = true;
            }
        }
        boolean useRsa = curve == null && rsa;
        KeyPair keys = useRsa ? rsaKeys(2048) : ecKeys(curve == null ? "secp256r1" : curve);
        PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(name(subject, serialNumber),
                keys.getPublic());
        if (challengePassword) {
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERUTF8String("not-checked"));
        }
        return Base64.getEncoder().encode(builder.build(new JcaContentSignerBuilder(hash + (useRsa ? "withRSA" : "withECDSA"))
                .build(keys.getPrivate())).getEncoded());
    }

    private static byte[] rsaCsr(String subject, int bits, String dnsName) throws Exception {
        return Base64.getEncoder().encode(csrOf(rsaKeys(bits), new X500Name(subject), extensions(dnsName, null),
                "SHA256withRSA").getEncoded());
    }

    private static byte[] ecCsr(String subject, String curve, String serialNumber, KeyPurposeId eku) throws Exception {
        return ecCsr(subject, curve, serialNumber, eku, "SHA256withECDSA");
    }

    private static byte[] ecCsr(String subject, String curve, String serialNumber, KeyPurposeId eku, String signature)
            throws Exception {
        return Base64.getEncoder().encode(csrOf(ecKeys(curve), name(subject, serialNumber), extensions(null, eku), signature)
                .getEncoded());
    }

    private static X500Name name(String subject, String serialNumber) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        for (var rdn : new X500Name(subject).getRDNs()) {
            name.addRDN(rdn.getFirst());
        }
        if (serialNumber != null) {
            name.addRDN(BCStyle.SERIALNUMBER, new DERPrintableString(serialNumber));
        }
        return name.build();
    }

    private static ExtensionsGenerator extensions(String dnsName, KeyPurposeId eku) throws Exception {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        if (dnsName != null) {
            extensions.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        if (eku != null) {
            extensions.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
        }
        return extensions.isEmpty() ? null : extensions;
    }

    private static PKCS10CertificationRequest csrOf(KeyPair keys, X500Name subject, ExtensionsGenerator extensions,
            String signature) throws Exception {
        PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic());
        if (extensions != null) {
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
        }
        return builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate()));
    }

    private static KeyPair ecKeys(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static KeyPair rsaKeys(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return TestClients.https(null, null).send(HttpRequest.newBuilder(TestClients.est(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, byte[] csr) throws Exception {
        return TestClients.post(TestClients.https(null, null), path, "application/pkcs10", csr);
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private TestRecords records() {
        return new TestRecords(database);
    }
}
