package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** RFC 7030 §4.2.2 simplereenroll over real TLS with the certificate being renewed as client certificate; and §4.3. */
@ExtendWith(ArquillianExtension.class)
class EstReenrollmentIT {

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addClasses(EstReenrollmentIT.class, TestClients.class, TestRecords.class);
    }

    @Resource(lookup = "java:app/jdbc/estuary")
    DataSource database;

    @Test
    void bouncyCastleClientRenewsWithANewKeyAndTheRenewalIsRecorded() throws Exception {
        KeyPair firstKeys = TestClients.ecKeyPair();
        X509Certificate first = enroll("CN=renew-me,O=Estuary Tests", firstKeys);
        KeyPair newKeys = TestClients.ecKeyPair();
        PKCS10CertificationRequest renewal = TestClients.csr("CN=renew-me,O=Estuary Tests", newKeys);

        EnrollmentResponse response = TestClients.estService(firstKeys, first).simpleEnroll(true, renewal, null);

        X509Certificate renewed = certificate(ESTService.storeToArray(response.getStore())[0]);
        assertEquals(first.getSubjectX500Principal(), renewed.getSubjectX500Principal());
        assertArrayEquals(newKeys.getPublic().getEncoded(), renewed.getPublicKey().getEncoded());
        assertNotEquals(first.getSerialNumber(), renewed.getSerialNumber());
        String serial = renewed.getSerialNumber().toString(16);
        assertEquals(first.getSerialNumber().toString(16), records().assertCertificateRecorded(serial, renewed.getEncoded()));
        assertEquals(List.of("est_simple_reenroll_success|O=Estuary Tests,CN=renew-me|default"),
                records().auditRowsOf(serial));
    }

    @Test
    void aDifferentSubjectIsRefusedWith403() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        X509Certificate current = enroll("CN=laptop-7", keys);

        HttpResponse<String> response = reenroll(keys, current, TestClients.csr("CN=laptop-8", keys));

        assertEquals(403, response.statusCode());
        assertEquals("re-enrollment CSR subject differs from the certificate being renewed\n", response.body());
    }

    @Test
    void aChangeSubjectNameIsRefusedWhereTheProfileDoesNotAllowIt() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        X509Certificate current = enroll("CN=rename-me", keys);
        PKCS10CertificationRequest change = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=renamed"),
                keys.getPublic())
                .addAttribute(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.7.7.36"),
                        new DERSequence(new X500Name("CN=rename-me")))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));

        HttpResponse<String> response = reenroll(keys, current, change);

        assertEquals(403, response.statusCode());
        assertEquals("this profile does not allow a subject name change on re-enrollment\n", response.body());
    }

    @Test
    void withoutAClientCertificateTheAnswerIs401WithAChallengeAndAnAuditRow() throws Exception {
        String reason = "re-enrollment needs the certificate being renewed as TLS client certificate";
        long before = records().countAudit("est_simple_reenroll_failed", reason);

        HttpResponse<String> response = TestClients.post(TestClients.https(null, null), "simplereenroll",
                "application/pkcs10", base64(TestClients.csr("CN=nobody", TestClients.ecKeyPair())));

        assertEquals(401, response.statusCode());
        assertEquals(reason + "\n", response.body());
        assertEquals("Basic realm=\"estuary\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(before + 1, records().countAudit("est_simple_reenroll_failed", reason));
    }

    @Test
    void aForeignCertificateIsRefusedWith401() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        X509Certificate stranger = TestClients.selfSigned("CN=renew-me,O=Estuary Tests", keys);

        HttpResponse<String> response = reenroll(keys, stranger, TestClients.csr("CN=renew-me,O=Estuary Tests", keys));

        assertEquals(401, response.statusCode());
        assertEquals("client certificate was not issued by this profile's CA\n", response.body());
    }

    @Test
    void anExpiredCertificateOfOurCaIsRefusedWith401() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        Instant now = Instant.now();
        X509Certificate expired = TestClients.signedByServerCa("CN=expired", keys, now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));

        HttpResponse<String> response = reenroll(keys, expired, TestClients.csr("CN=expired", keys));

        assertEquals(401, response.statusCode());
        assertEquals("client certificate has expired\n", response.body());
    }

    @Test
    void aCertificateOfOurCaThatWasNeverIssuedIsRefusedWith401() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        Instant now = Instant.now();
        X509Certificate unrecorded = TestClients.signedByServerCa("CN=ghost", keys, now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(1)));

        HttpResponse<String> response = reenroll(keys, unrecorded, TestClients.csr("CN=ghost", keys));

        assertEquals(401, response.statusCode());
        assertEquals("client certificate is not on record\n", response.body());
    }

    /**
     * The reference guide's WiFi device-side recipe with curl and openssl: bootstrap enrollment, then
     * renewal over mTLS with the issued certificate. The renewal CSR carries the same subject, as
     * RFC 7030 §4.2.2 requires (the guide's example drops the serialNumber; that request is refused).
     */
    @Test
    @RunAsClient
    void wifiDeviceRecipeEnrollsThenRenewsOverMutualTls(@TempDir Path work) throws Exception {
        String caFile = TestClients.dataDir().resolve("ca.crt").toString();
        String base = "https://localhost:" + TestClients.httpsPort() + "/.well-known/est";
        String script = String.join("\n",
                "set -euo pipefail",
                "openssl ecparam -name prime256v1 -genkey -noout -out eap.key",
                "openssl req -new -key eap.key -subj \"/CN=laptop-001/serialNumber=ABC123\" -out eap.csr",
                "curl -sS --cacert " + caFile + " -H \"Content-Type: application/pkcs10\""
                        + " --data-binary @<(openssl req -in eap.csr -outform DER | base64 -w0) "
                        + base + "/simpleenroll | base64 -d | openssl pkcs7 -inform DER -print_certs > eap.crt",
                "openssl verify -CAfile " + caFile + " eap.crt",
                "curl -sS --cacert " + caFile + " --cert eap.crt --key eap.key -H \"Content-Type: application/pkcs10\""
                        + " --data-binary @<(openssl req -new -key eap.key -subj \"/CN=laptop-001/serialNumber=ABC123\""
                        + " -outform DER | base64 -w0) " + base + "/simplereenroll"
                        + " | base64 -d | openssl pkcs7 -inform DER -print_certs > eap.crt.new && mv eap.crt.new eap.crt",
                "openssl verify -CAfile " + caFile + " eap.crt",
                "curl -sS -o /dev/null -w '%{http_code}\\n' --cacert " + caFile + " --cert eap.crt --key eap.key"
                        + " --data-binary @<(openssl req -new -key eap.key -subj \"/CN=laptop-001\" -outform DER"
                        + " | base64 -w0) " + base + "/simplereenroll");
        String output = TestClients.bash(work, script);

        assertEquals("eap.crt: OK\neap.crt: OK\n403", output.strip());
        String renewed = Files.readString(work.resolve("eap.crt"));
        assertTrue(renewed.contains("subject=CN = laptop-001, serialNumber = ABC123"), renewed);
    }

    private TestRecords records() {
        return new TestRecords(database);
    }

    private static X509Certificate enroll(String subject, KeyPair keys) throws Exception {
        EnrollmentResponse response = TestClients.estService(null, null).simpleEnroll(false, TestClients.csr(subject, keys), null);
        return certificate(ESTService.storeToArray(response.getStore())[0]);
    }

    private static HttpResponse<String> reenroll(KeyPair keys, X509Certificate clientCertificate,
            PKCS10CertificationRequest csr) throws Exception {
        return TestClients.post(TestClients.https(keys, clientCertificate), "simplereenroll", "application/pkcs10", base64(csr));
    }

    private static byte[] base64(PKCS10CertificationRequest csr) throws Exception {
        return Base64.getEncoder().encode(csr.getEncoded());
    }

    private static X509Certificate certificate(X509CertificateHolder holder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
