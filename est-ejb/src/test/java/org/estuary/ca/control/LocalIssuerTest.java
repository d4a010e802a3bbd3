package org.estuary.ca.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalIssuerTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @TempDir
    Path dir;

    @Test
    void signsALeafThatChainsToTheCaWithTheExtensionsOfAClientCertificate() throws Exception {
        KeyPair caKeys = TestCa.ecKeys("secp256r1");
        X509Certificate caCertificate = TestCa.caCertificate(caKeys, NOW.plus(Duration.ofDays(3650)), true);
        LocalIssuer issuer = load(caKeys, caCertificate);
        KeyPair leafKeys = TestCa.ecKeys("secp256r1");

        X509Certificate leaf = issuer.issue(template("CN=device-1", leafKeys, dnsName("device-1.example.com"),
                Duration.ofDays(365)));

        leaf.verify(caCertificate.getPublicKey());
        X509CertificateHolder holder = new X509CertificateHolder(leaf.getEncoded());
        assertEquals(new X500Name("CN=device-1"), holder.getSubject());
        assertEquals(caCertificate.getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals(-1, leaf.getBasicConstraints());
        assertTrue(holder.getExtension(Extension.basicConstraints).isCritical());
        assertArrayEquals(new boolean[] {true, false, false, false, false, false, false, false, false}, leaf.getKeyUsage());
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth.getId()), leaf.getExtendedKeyUsage());
        assertFalse(holder.getExtension(Extension.subjectAlternativeName).isCritical());
        assertEquals(dnsName("device-1.example.com"), GeneralNames.fromExtensions(holder.getExtensions(),
                Extension.subjectAlternativeName));
        byte[] caKeyId = SubjectKeyIdentifier.fromExtensions(new X509CertificateHolder(caCertificate.getEncoded())
                .getExtensions()).getKeyIdentifier();
        assertArrayEquals(caKeyId, AuthorityKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifierOctets());
        assertNull(AuthorityKeyIdentifier.fromExtensions(holder.getExtensions()).getAuthorityCertSerialNumber());
        assertTrue(SubjectKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifier().length > 0);
        assertEquals(NOW.minus(LeafCertificateBuilder.CLOCK_SKEW), leaf.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(365)), leaf.getNotAfter().toInstant());
        assertEquals("1.2.840.10045.4.3.2", leaf.getSigAlgOID(), "ecdsa-with-SHA256");
    }

    @Test
    void mustStapleAddsTheTlsFeatureStatusRequestExactlyWhenAsked() throws Exception {
        KeyPair caKeys = TestCa.ecKeys("secp256r1");
        LocalIssuer issuer = load(caKeys, TestCa.caCertificate(caKeys, NOW.plus(Duration.ofDays(3650)), true));
        KeyPair leafKeys = TestCa.ecKeys("secp256r1");

        X509CertificateHolder stapled = new X509CertificateHolder(issuer.issue(
                template("CN=web", leafKeys, null, Duration.ofDays(1), true)).getEncoded());
        X509CertificateHolder plain = new X509CertificateHolder(issuer.issue(
                template("CN=web", leafKeys, null, Duration.ofDays(1), false)).getEncoded());

        Extension tlsFeature = stapled.getExtension(LeafCertificateBuilder.TLS_FEATURE);
        assertEquals("1.3.6.1.5.5.7.1.24", tlsFeature.getExtnId().getId());
        assertFalse(tlsFeature.isCritical());
        assertArrayEquals(HexFormat.of().parseHex("3003020105"), tlsFeature.getExtnValue().getOctets(),
                "SEQUENCE { INTEGER 5 }: status_request");
        assertNull(plain.getExtension(LeafCertificateBuilder.TLS_FEATURE));
    }

    @Test
    void leavesNameTheIssuersCrlAndOcspResponderWhenAPublicBaseUrlIsSetAndNeitherOtherwise() throws Exception {
        KeyPair caKeys = TestCa.ecKeys("secp256r1");
        X509Certificate caCertificate = TestCa.caCertificate(caKeys, NOW.plus(Duration.ofDays(3650)), true);
        Path keystore = TestCa.write(dir, caKeys, caCertificate);
        RevocationPointers pointers = RevocationPointers.under(URI.create("http://pki.example.net:8080"), "iss-test");
        LocalIssuer pointing = LocalIssuer.load("iss-test", keystore, dir.resolve("ca.password"), null, BC,
                new SerialNumbers(new SecureRandom()), Clock.fixed(NOW, ZoneOffset.UTC), pointers);

        X509CertificateHolder leaf = new X509CertificateHolder(pointing.issue(
                template("CN=device", TestCa.ecKeys("secp256r1"), null, Duration.ofDays(1))).getEncoded());
        X509CertificateHolder bare = new X509CertificateHolder(load(caKeys, caCertificate).issue(
                template("CN=device", TestCa.ecKeys("secp256r1"), null, Duration.ofDays(1))).getEncoded());

        assertFalse(leaf.getExtension(Extension.cRLDistributionPoints).isCritical());
        DistributionPoint[] points = CRLDistPoint.fromExtensions(leaf.getExtensions()).getDistributionPoints();
        assertEquals(1, points.length);
        GeneralName crl = GeneralNames.getInstance(points[0].getDistributionPoint().getName()).getNames()[0];
        assertEquals(GeneralName.uniformResourceIdentifier, crl.getTagNo());
        assertEquals("http://pki.example.net:8080/.well-known/pki/crls/iss-test.crl", crl.getName().toString());
        assertFalse(leaf.getExtension(Extension.authorityInfoAccess).isCritical());
        AccessDescription[] access = AuthorityInformationAccess.fromExtensions(leaf.getExtensions()).getAccessDescriptions();
        assertEquals(1, access.length);
        assertEquals(AccessDescription.id_ad_ocsp, access[0].getAccessMethod());
        assertEquals("http://pki.example.net:8080/.well-known/pki/ocsp/iss-test", access[0].getAccessLocation().getName().toString());
        assertNull(bare.getExtension(Extension.cRLDistributionPoints));
        assertNull(bare.getExtension(Extension.authorityInfoAccess));
    }

    @Test
    void aLeafNeverOutlivesItsCa() throws Exception {
        Instant caNotAfter = NOW.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        KeyPair caKeys = TestCa.ecKeys("secp256r1");
        LocalIssuer issuer = load(caKeys, TestCa.caCertificate(caKeys, caNotAfter, true));

        X509Certificate leaf = issuer.issue(template("CN=long", TestCa.ecKeys("secp256r1"), null, Duration.ofDays(365)));

        assertEquals(caNotAfter, leaf.getNotAfter().toInstant());
    }

    @Test
    void anEmptySubjectMakesTheSubjectAltNameCritical() throws Exception {
        KeyPair caKeys = TestCa.ecKeys("secp256r1");
        LocalIssuer issuer = load(caKeys, TestCa.caCertificate(caKeys, NOW.plus(Duration.ofDays(3650)), true));

        X509Certificate leaf = issuer.issue(template("", TestCa.ecKeys("secp256r1"), dnsName("only-san.example"),
                Duration.ofDays(1)));

        assertTrue(new X509CertificateHolder(leaf.getEncoded()).getExtension(Extension.subjectAlternativeName).isCritical());
    }

    @Test
    void rsaLeavesAlsoGetKeyEncipherment() throws Exception {
        KeyPair caKeys = TestCa.ecKeys("secp384r1");
        LocalIssuer issuer = load(caKeys, TestCa.caCertificate(caKeys, NOW.plus(Duration.ofDays(3650)), true));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);

        X509Certificate leaf = issuer.issue(template("CN=rsa", rsa.generateKeyPair(), null, Duration.ofDays(1)));

        assertTrue(leaf.getKeyUsage()[0] && leaf.getKeyUsage()[2], "digitalSignature and keyEncipherment");
        assertEquals("1.2.840.10045.4.3.3", leaf.getSigAlgOID(), "ecdsa-with-SHA384");
    }

    @Test
    void serialNumbersArePositiveWideAndDistinct() throws Exception {
        KeyPair caKeys = TestCa.ecKeys("secp256r1");
        LocalIssuer issuer = load(caKeys, TestCa.caCertificate(caKeys, NOW.plus(Duration.ofDays(3650)), true));
        KeyPair leafKeys = TestCa.ecKeys("secp256r1");

        X509Certificate first = issuer.issue(template("CN=a", leafKeys, null, Duration.ofDays(1)));
        X509Certificate second = issuer.issue(template("CN=a", leafKeys, null, Duration.ofDays(1)));

        assertTrue(first.getSerialNumber().signum() > 0);
        assertTrue(first.getSerialNumber().bitLength() > 64);
        assertTrue(first.getSerialNumber().toByteArray().length <= 20);
        assertNotEquals(first.getSerialNumber(), second.getSerialNumber());
    }

    @Test
    void refusesAKeystoreWhoseCertificateIsNotACa() throws Exception {
        KeyPair keys = TestCa.ecKeys("secp256r1");
        Path keystore = TestCa.write(dir, keys, TestCa.caCertificate(keys, NOW.plus(Duration.ofDays(10)), false));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> LocalIssuer.load("iss-test",
                keystore, dir.resolve("ca.password"), null, BC, new SerialNumbers(new SecureRandom()), Clock.systemUTC()));
        assertTrue(refused.getMessage().startsWith("issuer iss-test: the certificate of the key entry is not a CA"),
                refused.getMessage());
    }

    @Test
    void aWrongPasswordNamesTheFileButNotThePassword() throws Exception {
        KeyPair keys = TestCa.ecKeys("secp256r1");
        Path keystore = TestCa.write(dir, keys, TestCa.caCertificate(keys, NOW.plus(Duration.ofDays(10)), true));
        Files.writeString(dir.resolve("ca.password"), "wrong-secret");

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> LocalIssuer.load("iss-test",
                keystore, dir.resolve("ca.password"), null, BC, new SerialNumbers(new SecureRandom()), Clock.systemUTC()));
        assertTrue(refused.getMessage().contains(keystore.toString()));
        assertFalse(refused.getMessage().contains("wrong-secret"));
    }

    private LocalIssuer load(KeyPair caKeys, X509Certificate caCertificate) throws Exception {
        Path keystore = TestCa.write(dir, caKeys, caCertificate);
        return LocalIssuer.load("iss-test", keystore, dir.resolve("ca.password"), null, BC,
                new SerialNumbers(new SecureRandom()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static LeafTemplate template(String subject, KeyPair keys, GeneralNames names, Duration validity) {
        return template(subject, keys, names, validity, false);
    }

    private static LeafTemplate template(String subject, KeyPair keys, GeneralNames names, Duration validity,
            boolean mustStaple) {
        return new LeafTemplate(new X500Name(subject), SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()),
                names, validity, List.of(KeyPurposeId.id_kp_clientAuth), mustStaple);
    }

    private static GeneralNames dnsName(String name) {
        return new GeneralNames(new GeneralName(GeneralName.dNSName, name));
    }
}
