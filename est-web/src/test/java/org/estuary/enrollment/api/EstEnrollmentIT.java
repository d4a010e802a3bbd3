package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.est.CACertsResponse;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estuary.wire.CertsOnly;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built WAR on Payara Micro, booted with the same data directory preparation as
 * {@code server-config/run}; every request goes over real TLS to the HTTPS listener. Tests not
 * marked {@code @RunAsClient} run inside the server so that they can read the database directly.
 */
@ExtendWith(ArquillianExtension.class)
class EstEnrollmentIT {

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addClasses(EstEnrollmentIT.class, TestClients.class, TestRecords.class);
    }

    @Resource(lookup = "java:app/jdbc/estuary")
    DataSource database;

    @ArquillianResource
    URL base;

    @Test
    void bouncyCastleClientGetsTheCaCertificates() throws Exception {
        CACertsResponse response = estService().getCACerts();

        X509CertificateHolder[] certificates = ESTService.storeToArray(response.getCertificateStore());
        assertEquals(1, certificates.length);
        assertArrayEquals(TestClients.serverCa().getEncoded(), certificates[0].getEncoded());
    }

    @Test
    @RunAsClient
    void csrattrsAnswers204WhenTheProfileAsksForNothing() throws Exception {
        HttpResponse<String> response = TestClients.https(null, null).send(
                HttpRequest.newBuilder(TestClients.est("csrattrs")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(204, response.statusCode());
        assertEquals("", response.body());
        assertFalse(estService().getCSRAttributes().hasAttributesResponse(), "Bouncy Castle reads 204 as no attributes");
    }

    @Test
    void bouncyCastleClientEnrollsAndTheCertificateIsRecordedWithItsAuditRow() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        PKCS10CertificationRequest csr = TestClients.csr("CN=bc-client.example.com,O=Estuary Tests", keys);

        EnrollmentResponse response = estService().simpleEnroll(false, csr, null);

        assertTrue(response.isCompleted());
        X509CertificateHolder issued = ESTService.storeToArray(response.getStore())[0];
        assertEquals(csr.getSubject(), issued.getSubject());
        assertEquals(csr.getSubjectPublicKeyInfo(), issued.getSubjectPublicKeyInfo());
        String serial = issued.getSerialNumber().toString(16);
        assertTrue(issued.getSerialNumber().bitLength() > 64, "serial has at least 64 bits of entropy");
        assertNull(records().assertCertificateRecorded(serial, issued.getEncoded()), "a first enrollment renews nothing");
        assertEquals(List.of("est_simple_enroll_success|anonymous|default"), records().auditRowsOf(serial));
    }

    @Test
    void pemBodyAndCrlfWrappedBase64BothEnroll() throws Exception {
        HttpClient client = TestClients.https(null, null);
        byte[] pemCsr = ("-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(TestClients.csr("CN=cisco-style", TestClients.ecKeyPair()).getEncoded())
                + "\n-----END CERTIFICATE REQUEST-----\n\n").getBytes(StandardCharsets.US_ASCII);
        byte[] crlfCsr = Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encode(TestClients.csr("CN=apple-style", TestClients.ecKeyPair()).getEncoded());

        for (var body : List.of(new Object[] {"application/x-pem-file", pemCsr, "CN=cisco-style"},
                new Object[] {"application/pkcs10", crlfCsr, "CN=apple-style"})) {
            HttpResponse<String> response = TestClients.post(client, "simpleenroll", (String) body[0], (byte[]) body[1]);

            assertEquals(200, response.statusCode(), response.body());
            assertEquals(CertsOnly.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("base64", response.headers().firstValue("Content-Transfer-Encoding").orElseThrow());
            assertEquals(String.valueOf(response.body().length()),
                    response.headers().firstValue("Content-Length").orElseThrow());
            X509Certificate issued = CertsOnly.decode(Base64.getMimeDecoder().decode(response.body())).get(0);
            assertEquals(body[2], issued.getSubjectX500Principal().getName());
            records().assertCertificateRecorded(issued.getSerialNumber().toString(16), issued.getEncoded());
        }
    }

    @Test
    void badSignatureIsRefusedWith400AndAudited() throws Exception {
        byte[] der = TestClients.csr("CN=tampered", TestClients.ecKeyPair()).getEncoded();
        der[der.length - 3] ^= 0x01;
        long before = records().countAudit("est_simple_enroll_failed", "CSR signature does not verify");

        HttpResponse<String> response = TestClients.post(TestClients.https(null, null), "simpleenroll",
                "application/pkcs10", Base64.getEncoder().encode(der));

        assertEquals(400, response.statusCode());
        assertEquals("CSR signature does not verify\n", response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertEquals(before + 1, records().countAudit("est_simple_enroll_failed", "CSR signature does not verify"));
    }

    @Test
    void serverkeygenIsNotThereWhileItIsSwitchedOff() throws Exception {
        String reason = "serverkeygen is not offered on this profile";
        long before = records().countAudit("est_server_keygen_failed", reason);

        HttpResponse<String> response = TestClients.post(TestClients.https(null, null), "serverkeygen",
                "application/pkcs10", Base64.getEncoder().encode(TestClients.csr("CN=wants-a-key", TestClients.ecKeyPair())
                        .getEncoded()));

        assertEquals(404, response.statusCode());
        assertEquals(reason + "\n", response.body());
        assertEquals(before + 1, records().countAudit("est_server_keygen_failed", reason));
    }

    @Test
    void bodyOverSixtyFourKibibytesIsRefusedWith413AndAudited() throws Exception {
        long before = records().countAudit("est_simple_enroll_failed", "request body exceeds 65536 bytes");

        HttpResponse<String> response = TestClients.post(TestClients.https(null, null), "simpleenroll",
                "application/pkcs10", new byte[70_000]);

        assertEquals(413, response.statusCode());
        assertEquals(before + 1, records().countAudit("est_simple_enroll_failed", "request body exceeds 65536 bytes"));
    }

    @Test
    void weakKeyIsAPolicyViolation() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair weak = rsa.generateKeyPair();
        byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=weak"), weak.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(weak.getPrivate()))
                .getEncoded();
        long before = records().countAudit("est_csr_policy_violation", null);

        HttpResponse<String> response = TestClients.post(TestClients.https(null, null), "simpleenroll", null,
                Base64.getEncoder().encode(der));

        assertEquals(403, response.statusCode());
        assertEquals("key: RSA 1024 below minimum 2048\n", response.body());
        assertEquals(before + 1, records().countAudit("est_csr_policy_violation", null));
    }

    @Test
    void clientCertificateFromAnUnknownIssuerPassesTheTlsLayer() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        HttpClient client = TestClients.https(keys, TestClients.selfSigned("CN=stranger", keys));

        HttpResponse<String> response = TestClients.post(client, "simpleenroll", "application/pkcs10",
                Base64.getEncoder().encode(TestClients.csr("CN=stranger", keys).getEncoded()));

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    @RunAsClient
    void unknownPathsAnswer404AndOddAcceptHeadersNeverCauseA406() throws Exception {
        HttpClient client = TestClients.https(null, null);

        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(TestClients.est("nosuch")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> extraSegment = client.send(HttpRequest.newBuilder(
                TestClients.est("cacerts/extra")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> getEnroll = client.send(HttpRequest.newBuilder(
                TestClients.est("simpleenroll")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> oddAccept = client.send(HttpRequest.newBuilder(TestClients.est("cacerts"))
                .header("Accept", "application/json;q=0, text/html").build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(404, unknown.statusCode());
        assertEquals("not found\n", unknown.body());
        assertEquals(404, extraSegment.statusCode());
        assertEquals(405, getEnroll.statusCode());
        assertEquals(200, oddAccept.statusCode());
        assertEquals(CertsOnly.MEDIA_TYPE, oddAccept.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    @RunAsClient
    void plainHttpReachesNoEstEndpoint() throws Exception {
        URI plain = URI.create(base.toString()).resolve("/.well-known/est/cacerts");

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals("http", plain.getScheme());
        assertEquals(403, response.statusCode());
        assertEquals("EST is served over HTTPS only\n", response.body());
    }

    /** The reference guide's Quick start, steps 4 and 5, with curl and openssl as an operator types them. */
    @Test
    @RunAsClient
    void quickStartWithCurlAndOpensslProducesAVerifiableCertificate(@TempDir Path work) throws Exception {
        String caFile = TestClients.dataDir().resolve("ca.crt").toString();
        String base = "https://localhost:" + TestClients.httpsPort() + "/.well-known/est";
        String script = String.join("\n",
                "set -euo pipefail",
                "curl -sS --cacert " + caFile + " " + base + "/cacerts"
                        + " | base64 -d | openssl pkcs7 -inform DER -print_certs -noout > cacerts.txt",
                "openssl ecparam -name prime256v1 -genkey -noout -out device.key",
                "openssl req -new -key device.key -subj \"/CN=device-001.example.com\" -out device.csr",
                "curl -sS --cacert " + caFile + " -H \"Content-Type: application/pkcs10\""
                        + " --data-binary @<(openssl req -in device.csr -outform DER | base64 -w0) "
                        + base + "/simpleenroll | base64 -d | openssl pkcs7 -inform DER -print_certs > device.crt",
                "openssl verify -CAfile " + caFile + " device.crt");
        String output = TestClients.bash(work, script);

        assertEquals("device.crt: OK", output.strip());
        assertTrue(Files.readString(work.resolve("cacerts.txt")).contains("CN = Estuary Local CA iss-local"));
    }

    private TestRecords records() {
        return new TestRecords(database);
    }

    private static ESTService estService() throws Exception {
        return TestClients.estService(null, null);
    }
}
