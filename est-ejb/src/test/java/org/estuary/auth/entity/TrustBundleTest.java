package org.estuary.auth.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustBundleTest {

    @TempDir
    Path files;

    @Test
    void readsEveryCertificateOfAPemFile() throws Exception {
        Path file = pem("two.pem", caCertificate("CN=A", Instant.now().plus(Duration.ofDays(9))),
                caCertificate("CN=B", Instant.now().minus(Duration.ofDays(1))));

        TrustBundle bundle = TrustBundle.load(file, Instant.now());

        assertEquals(2, bundle.anchors().size());
        assertEquals(file, bundle.source());
    }

    @Test
    void refusesGarbageEmptyExpiredAndMissingFiles() throws Exception {
        Path garbage = Files.writeString(files.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        Path empty = Files.writeString(files.resolve("empty.pem"), "");
        Path expired = pem("expired.pem", caCertificate("CN=Old", Instant.now().minus(Duration.ofDays(1))));

        assertEquals(garbage + " does not hold PEM certificates",
                assertThrows(IllegalArgumentException.class, () -> TrustBundle.load(garbage, Instant.now())).getMessage());
        assertEquals(empty + " holds no certificate",
                assertThrows(IllegalArgumentException.class, () -> TrustBundle.load(empty, Instant.now())).getMessage());
        assertEquals(expired + " holds only expired certificates",
                assertThrows(IllegalArgumentException.class, () -> TrustBundle.load(expired, Instant.now())).getMessage());
        assertEquals("cannot read " + files.resolve("absent.pem"), assertThrows(IllegalArgumentException.class,
                () -> TrustBundle.load(files.resolve("absent.pem"), Instant.now())).getMessage());
    }

    private Path pem(String name, X509Certificate... certificates) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            text.append("-----BEGIN CERTIFICATE-----\n").append(Base64.getMimeEncoder().encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return Files.writeString(files.resolve(name), text);
    }

    private static X509Certificate caCertificate(String name, Instant notAfter) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name(name),
                BigInteger.ONE, Date.from(notAfter.minus(Duration.ofDays(30))), Date.from(notAfter), new X500Name(name),
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
}
