package org.estuary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;
import org.junit.jupiter.api.Test;

class EnrollAnswerTest {

    private final KeyPair device = keyPair();
    private final KeyPair other = keyPair();

    @Test
    void aCertsOnlyAnswerCertifyingTheCsrsKeyIsRight() throws Exception {
        X509CertificateHolder certificate = selfSigned(device);

        assertNull(EnrollAnswer.problemWith(certsOnly(certificate, true), device.getPublic().getEncoded()));
    }

    @Test
    void anAnswerCertifyingAnotherKeyIsAMismatch() throws Exception {
        assertEquals(EnrollAnswer.KEY_MISMATCH,
                EnrollAnswer.problemWith(certsOnly(selfSigned(other), false), device.getPublic().getEncoded()));
    }

    @Test
    void aSignedMessageOrNoCertificateIsNotCertsOnly() throws Exception {
        X509CertificateHolder certificate = selfSigned(device);
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(device.getPrivate());
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .build()).build(signer, certificate));
        generator.addCertificates(new CollectionStore<>(List.of(certificate)));
        byte[] signed = Base64.getEncoder().encode(
                generator.generate(new CMSProcessableByteArray(new byte[] {1}), true).getEncoded());
        byte[] empty = Base64.getEncoder().encode(new CMSSignedDataGenerator().generate(new CMSAbsentContent()).getEncoded());

        assertEquals(EnrollAnswer.NOT_CERTS_ONLY, EnrollAnswer.problemWith(signed, device.getPublic().getEncoded()));
        assertEquals(EnrollAnswer.NOT_CERTS_ONLY, EnrollAnswer.problemWith(empty, device.getPublic().getEncoded()));
    }

    @Test
    void anAnswerThatIsNotBase64OrNotPkcs7SaysSo() {
        byte[] key = device.getPublic().getEncoded();

        assertEquals(EnrollAnswer.NOT_BASE64, EnrollAnswer.problemWith("not base64!".getBytes(StandardCharsets.US_ASCII), key));
        assertEquals(EnrollAnswer.NOT_PKCS7, EnrollAnswer.problemWith("aGVsbG8=".getBytes(StandardCharsets.US_ASCII), key));
    }

    /** Base64 as the server writes it, in lines of 64 when {@code wrapped}. */
    private static byte[] certsOnly(X509CertificateHolder certificate, boolean wrapped) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addCertificates(new CollectionStore<>(List.of(certificate)));
        byte[] der = generator.generate(new CMSAbsentContent()).getEncoded();
        return wrapped ? Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der) : Base64.getEncoder().encode(der);
    }

    private static X509CertificateHolder selfSigned(KeyPair keyPair) throws Exception {
        X500Name name = new X500Name("CN=bench-test");
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(now),
                Date.from(now.plus(1, ChronoUnit.DAYS)), name, keyPair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }
}
