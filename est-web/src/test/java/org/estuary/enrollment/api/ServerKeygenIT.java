package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estuary.enrollment.control.ServerKeyDelivery;
import org.estuary.wire.CertsOnly;
import org.estuary.wire.MultipartMixed;
import org.estuary.wire.RequestBodies;
import org.estuary.wire.ServerGeneratedKeys;
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
 * RFC 7030 §4.4 with serverkeygen switched on (EC P-384 keys): plain PKCS#8 delivery to Bouncy
 * Castle's client, to a raw HTTP client and to curl, the RFC's A.4 request, and EnvelopedData
 * delivery by key transport, key agreement and a shared key-encryption key.
 */
@ExtendWith(ArquillianExtension.class)
class ServerKeygenIT {

    private static final Provider BC = new BouncyCastleProvider();

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addClasses(ServerKeygenIT.class, TestClients.class, TestRecords.class)
                .addAsResource("rfc7030/a4-serverkeygen-request.b64")
                .addAsResource(new StringAsset("est.serverkeygen-enabled=true\n"
                        + "est.serverkeygen-key-algorithm=EC-P384\n"), "META-INF/microprofile-config.properties");
    }

    @Resource(lookup = "java:app/jdbc/estuary")
    DataSource database;

    @Test
    void bouncyCastleClientReceivesAKeyThatMatchesItsCertificate() throws Exception {
        ESTService est = TestClients.estService(null, null);
        PKCS10CertificationRequest csr = TestClients.csr("CN=sensor-17,O=Estuary Tests", TestClients.ecKeyPair());

        EnrollmentResponse response = est.simpleEnrollWithServersideCreation(csr, null);

        assertTrue(response.isCompleted());
        X509CertificateHolder certificate = ESTService.storeToArray(response.getStore())[0];
        PrivateKeyInfo key = response.getPrivateKeyInfo();
        assertEquals(new X500Name("CN=sensor-17,O=Estuary Tests"), certificate.getSubject());
        assertNotEquals(csr.getSubjectPublicKeyInfo(), certificate.getSubjectPublicKeyInfo(),
                "RFC 7030 §4.4.1: the server ignores the CSR's public key");
        assertEquals(SECObjectIdentifiers.secp384r1, key.getPrivateKeyAlgorithm().getParameters(), "configured EC-P384");
        assertKeyMatches(key, certificate.getSubjectPublicKeyInfo());
        String serial = certificate.getSerialNumber().toString(16);
        records().assertCertificateRecorded(serial, certificate.getEncoded());
        assertEquals(List.of("est_server_keygen_success|anonymous|default"), records().auditRowsOf(serial));
        assertEquals(List.of(List.of("issued O=Estuary Tests,CN=sensor-17 with a server-generated EC_P384 key, delivered as PKCS#8")),
                records().query("SELECT detail FROM audit_event WHERE certificate_serial = ?", serial));
    }

    @Test
    void theAnswerIsMultipartMixedWithTheKeyFirstAndAContentLength() throws Exception {
        HttpResponse<byte[]> response = post(TestClients.https(null, null),
                Base64.getEncoder().encode(TestClients.csr("CN=raw-client", TestClients.ecKeyPair()).getEncoded()));

        assertEquals(200, response.statusCode());
        String contentType = response.headers().firstValue("Content-Type").orElseThrow();
        assertTrue(contentType.startsWith("multipart/mixed; boundary="), contentType);
        assertEquals(String.valueOf(response.body().length), response.headers().firstValue("Content-Length").orElseThrow());
        assertFalse(response.headers().firstValue("Transfer-Encoding").isPresent(), "never chunked");
        List<MultipartMixed.Part> parts = MultipartMixed.decode(contentType, response.body());
        assertEquals(List.of("application/pkcs8", "application/pkcs7-mime; smime-type=certs-only"),
                parts.stream().map(MultipartMixed.Part::contentType).toList());
        assertKeyMatches(PrivateKeyInfo.getInstance(RequestBodies.derOf(parts.get(0).base64Body())),
                certificateOf(parts.get(1)));
    }

    @Test
    void theRfcAppendixA4RequestIsAnsweredWithAKeyAndACertificate() throws Exception {
        byte[] request;
        try (var in = ServerKeygenIT.class.getResourceAsStream("/rfc7030/a4-serverkeygen-request.b64")) {
            request = in.readAllBytes();
        }

        HttpResponse<byte[]> response = post(TestClients.https(null, null), request);

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        List<MultipartMixed.Part> parts = MultipartMixed.decode(response.headers().firstValue("Content-Type").orElseThrow(),
                response.body());
        SubjectPublicKeyInfo certified = certificateOf(parts.get(1));
        assertKeyMatches(PrivateKeyInfo.getInstance(RequestBodies.derOf(parts.get(0).base64Body())), certified);
        X509Certificate issued = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(
                        CertsOnly.decode(RequestBodies.derOf(parts.get(1).base64Body())).get(0).getEncoded()));
        assertTrue(issued.getSubjectX500Principal().getName().contains("CN=serverKeyGen req by client in demo step 12 1368141955"));
    }

    @Test
    void anRsaKeyNamedByAsymmetricDecryptKeyIdentifierReceivesTheKeyByKeyTransport() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        assertEnvelopedTo(generator.generateKeyPair(), "SHA256withRSA", PKCSObjectIdentifiers.rsaEncryption);
    }

    @Test
    void anEcKeyNamedByAsymmetricDecryptKeyIdentifierReceivesTheKeyByKeyAgreement() throws Exception {
        assertEnvelopedTo(TestClients.ecKeyPair(), "SHA256withECDSA", X9ObjectIdentifiers.id_ecPublicKey);
    }

    @Test
    void aDecryptKeyIdentifierUsesTheSharedKeyOfThatNameAndAnUnknownOneIsRefused() throws Exception {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        byte[] keyId = HexFormat.of().parseHex("e57ac0de" + Long.toHexString(System.nanoTime()));
        Path keks = TestClients.dataDir().resolve("kek");
        Files.createDirectories(keks);
        Files.writeString(keks.resolve(HexFormat.of().formatHex(keyId)), Base64.getEncoder().encodeToString(secret));
        KeyPair csrKey = TestClients.ecKeyPair();

        HttpResponse<byte[]> response = post(TestClients.https(null, null),
                csrWith(csrKey, "SHA256withECDSA", "CN=kek-device", ServerKeyDelivery.DECRYPT_KEY_ID, keyId));

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        List<MultipartMixed.Part> parts = MultipartMixed.decode(response.headers().firstValue("Content-Type").orElseThrow(),
                response.body());
        assertEquals(ServerGeneratedKeys.MEDIA_TYPE, parts.get(0).contentType());
        PrivateKeyInfo key = ServerGeneratedKeys.open(RequestBodies.derOf(parts.get(0).base64Body()),
                new SecretKeySpec(secret, "AES"), TestClients.serverCa(), BC);
        assertKeyMatches(key, certificateOf(parts.get(1)));

        long refusals = records().countAudit("est_server_keygen_failed", "no secret key matches the DecryptKeyIdentifier");
        HttpResponse<byte[]> unknown = post(TestClients.https(null, null),
                csrWith(csrKey, "SHA256withECDSA", "CN=kek-device", ServerKeyDelivery.DECRYPT_KEY_ID, new byte[] {1, 2, 3, 4}));
        assertEquals(400, unknown.statusCode());
        assertEquals("no secret key matches the DecryptKeyIdentifier\n", new String(unknown.body(), StandardCharsets.UTF_8));
        assertEquals(refusals + 1, records().countAudit("est_server_keygen_failed",
                "no secret key matches the DecryptKeyIdentifier"));
    }

    /**
     * A device-side script with curl and openssl only: ask /serverkeygen, split the multipart answer
     * with awk and check that the key belongs to the certificate.
     */
    @Test
    @RunAsClient
    void curlAndOpensslSplitTheServerkeygenAnswer(@TempDir Path work) throws Exception {
        String ca = TestClients.dataDir().resolve("ca.crt").toString();
        String base = "https://localhost:" + TestClients.httpsPort() + "/.well-known/est";
        String script = String.join("\n",
                "set -euo pipefail",
                "openssl ecparam -name prime256v1 -genkey -noout -out throwaway.key",
                "curl -sS --fail --cacert " + ca + " -D headers -o body -H 'Content-Type: application/pkcs10'"
                        + " --data-binary @<(openssl req -new -key throwaway.key -subj /CN=curl-keygen -outform DER | base64 -w0)"
                        + " " + base + "/serverkeygen",
                "boundary=$(tr -d '\\r' < headers | sed -n 's/^content-type: multipart\\/mixed; boundary=//Ip')",
                "tr -d '\\r' < body > body.lf",
                "part() { awk -v b=\"--$boundary\" -v n=\"$1\" '$0 == b {p++; h=1; next} $0 == b \"--\" {exit}"
                        + " p == n && h && $0 == \"\" {h=0; next} p == n && !h {print}' body.lf | base64 -d; }",
                "grep -i '^content-type' body.lf | tr '\\n' ' '",
                "echo",
                "part 1 > key.der",
                "part 2 | openssl pkcs7 -inform DER -print_certs > cert.pem",
                "openssl verify -CAfile " + ca + " cert.pem",
                "openssl x509 -in cert.pem -noout -subject",
                "[ \"$(openssl pkey -inform DER -in key.der -pubout | openssl sha256)\" = "
                        + "\"$(openssl x509 -in cert.pem -pubkey -noout | openssl sha256)\" ] && echo key matches certificate",
                "openssl pkey -inform DER -in key.der -noout -text | head -1");
        String output = TestClients.bash(work, script);

        assertEquals(String.join("\n",
                "Content-Type: application/pkcs8 Content-Type: application/pkcs7-mime; smime-type=certs-only ",
                "cert.pem: OK",
                "subject=CN = curl-keygen",
                "key matches certificate",
                "Private-Key: (384 bit)"), output.strip());
    }

    /** The key comes back inside EnvelopedData, opened with the CSR's private key and signed by the server's CA. */
    private void assertEnvelopedTo(KeyPair csrKey, String signatureAlgorithm, ASN1ObjectIdentifier keyType) throws Exception {
        byte[] keyId = ServerKeyDelivery.keyIdOf(SubjectPublicKeyInfo.getInstance(csrKey.getPublic().getEncoded()));
        HttpResponse<byte[]> response = post(TestClients.https(null, null),
                csrWith(csrKey, signatureAlgorithm, "CN=enveloped-" + keyType.getId(), ServerKeyDelivery.ASYMMETRIC_DECRYPT_KEY_ID, keyId));

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        List<MultipartMixed.Part> parts = MultipartMixed.decode(response.headers().firstValue("Content-Type").orElseThrow(),
                response.body());
        assertEquals("application/pkcs7-mime; smime-type=server-generated-key", parts.get(0).contentType());
        assertEquals(keyType, SubjectPublicKeyInfo.getInstance(csrKey.getPublic().getEncoded()).getAlgorithm().getAlgorithm());
        PrivateKeyInfo key = ServerGeneratedKeys.open(RequestBodies.derOf(parts.get(0).base64Body()), csrKey.getPrivate(),
                TestClients.serverCa(), BC);
        assertKeyMatches(key, certificateOf(parts.get(1)));
    }

    private static byte[] csrWith(KeyPair keys, String signatureAlgorithm, String subject, ASN1ObjectIdentifier attribute,
            byte[] keyId) throws Exception {
        PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject),
                keys.getPublic());
        builder.addAttribute(attribute, new DEROctetString(keyId));
        return Base64.getEncoder().encode(builder.build(new JcaContentSignerBuilder(signatureAlgorithm)
                .build(keys.getPrivate())).getEncoded());
    }

    private static HttpResponse<byte[]> post(HttpClient client, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(TestClients.est("serverkeygen"))
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static SubjectPublicKeyInfo certificateOf(MultipartMixed.Part part) throws Exception {
        assertEquals("application/pkcs7-mime; smime-type=certs-only", part.contentType());
        List<X509Certificate> certificates = CertsOnly.decode(RequestBodies.derOf(part.base64Body()));
        assertEquals(1, certificates.size());
        return SubjectPublicKeyInfo.getInstance(certificates.get(0).getPublicKey().getEncoded());
    }

    /** The private key signs something the certified public key verifies. */
    private static void assertKeyMatches(PrivateKeyInfo key, SubjectPublicKeyInfo certified) throws Exception {
        AlgorithmIdentifier algorithm = key.getPrivateKeyAlgorithm();
        boolean rsa = algorithm.getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption);
        KeyFactory factory = KeyFactory.getInstance(rsa ? "RSA" : "EC");
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        byte[] message = "proof of possession".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
        verifier.initVerify(factory.generatePublic(new java.security.spec.X509EncodedKeySpec(certified.getEncoded())));
        verifier.update(message);
        assertTrue(verifier.verify(signature), "the returned private key belongs to the certified public key");
    }

    private TestRecords records() {
        return new TestRecords(database);
    }
}
