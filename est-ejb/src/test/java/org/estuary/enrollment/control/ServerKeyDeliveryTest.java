package org.estuary.enrollment.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.smime.SMIMECapabilityVector;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.wire.ServerGeneratedKeys;
import org.estuary.wire.ServerGeneratedKeys.Recipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeyDeliveryTest {

    private static final Provider BC = new BouncyCastleProvider();

    @TempDir
    Path keks;

    @Test
    void withoutAnEncryptionRequestTheKeyTravelsAsPlainPkcs8() throws Exception {
        assertEquals(Optional.empty(), ServerKeyDelivery.recipientFor(csr(ec(), null, null), List.of(), false,
                Optional.of(keks), BC));
    }

    @Test
    void aProfileThatDemandsEncryptionUsesTheCsrKeyByKeyAgreementOrKeyTransport() throws Exception {
        assertEquals("kari", ServerKeyDelivery.recipientFor(csr(ec(), null, null), List.of(), true, Optional.empty(), BC)
                .orElseThrow().technique());
        assertEquals("ktri", ServerKeyDelivery.recipientFor(csr(rsa(), null, null), List.of(), true, Optional.empty(), BC)
                .orElseThrow().technique());
    }

    @Test
    void asymmetricDecryptKeyIdentifierNamesTheCsrKeyOrTheTlsClientKeyAndNothingElse() throws Exception {
        KeyPair csrKey = ec();
        KeyPair clientKey = rsa();
        X509Certificate clientCertificate = selfSigned(clientKey, "SHA256withRSA");

        assertEquals("kari", recipientNaming(csrKey, keyIdOf(csrKey), clientCertificate).technique());
        assertEquals("ktri", recipientNaming(csrKey, keyIdOf(clientKey), clientCertificate).technique());
        BadRequestBody unknown = assertThrows(BadRequestBody.class,
                () -> recipientNaming(csrKey, new byte[] {1, 2, 3}, clientCertificate));
        assertEquals("no public key matches the AsymmetricDecryptKeyIdentifier", unknown.getMessage());
    }

    @Test
    void aGeneratedKeyIsNeverEncryptedToAnRsaKeyBelow2048Bits() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair small = generator.generateKeyPair();

        BadRequestBody refused = assertThrows(BadRequestBody.class, () -> ServerKeyDelivery.recipientFor(
                csr(small, ServerKeyDelivery.ASYMMETRIC_DECRYPT_KEY_ID, keyIdOf(small)), List.of(), false, Optional.empty(), BC));
        assertEquals("cannot encrypt the private key to an RSA key below 2048 bits", refused.getMessage());
    }

    @Test
    void decryptKeyIdentifierNamesAnAes256KeyFileInTheKeyDirectory() throws Exception {
        byte[] keyId = {0x0a, 0x0b, 0x0c};
        byte[] secret = new byte[32];
        secret[0] = 42;
        Files.writeString(keks.resolve("0a0b0c"), Base64.getEncoder().encodeToString(secret) + "\n");

        Recipient recipient = ServerKeyDelivery.recipientFor(csr(ec(), ServerKeyDelivery.DECRYPT_KEY_ID, keyId),
                List.of(), true, Optional.of(keks), BC).orElseThrow();

        assertEquals("kekri", recipient.technique());
        KeyPair signer = ec();
        X509Certificate signerCertificate = selfSigned(signer, "SHA256withECDSA");
        KeyPair generated = ec();
        byte[] sealed = ServerGeneratedKeys.seal(PrivateKeyInfo.getInstance(generated.getPrivate().getEncoded()),
                signer.getPrivate(), signerCertificate, recipient, BC);
        PrivateKeyInfo opened = ServerGeneratedKeys.open(sealed, new SecretKeySpec(secret, "AES"), signerCertificate, BC);
        assertArrayEquals(generated.getPrivate().getEncoded(), opened.getEncoded());
    }

    @Test
    void keyTransportUsesOaepWhenTheClientListsItAndRsaEncryptionOtherwise() throws Exception {
        KeyPair rsa = rsa();

        assertEquals(PKCSObjectIdentifiers.id_RSAES_OAEP.getId(), keyEncryptionAlgorithmFor(rsa,
                PKCSObjectIdentifiers.id_RSAES_OAEP, PKCSObjectIdentifiers.rsaEncryption));
        assertEquals(PKCSObjectIdentifiers.rsaEncryption.getId(), keyEncryptionAlgorithmFor(rsa,
                PKCSObjectIdentifiers.rsaEncryption));
        assertEquals(PKCSObjectIdentifiers.rsaEncryption.getId(), keyEncryptionAlgorithmFor(rsa));
    }

    @Test
    void aCapabilityListWithoutAnyKeyEncryptionWeOfferIsRefused() throws Exception {
        BadRequestBody refused = assertThrows(BadRequestBody.class, () -> ServerKeyDelivery.recipientFor(
                csrWithCapabilities(ec(), NISTObjectIdentifiers.id_aes128_wrap), List.of(), true, Optional.empty(), BC));
        assertEquals("SMIMECapabilities lists no key encryption this server offers"
                + " (aes256-wrap or dhSinglePass-stdDH-sha256kdf-scheme)", refused.getMessage());
        assertThrows(BadRequestBody.class, () -> ServerKeyDelivery.recipientFor(
                csrWithCapabilities(rsa(), NISTObjectIdentifiers.id_aes256_CBC), List.of(), true, Optional.empty(), BC));
        assertEquals("kari", ServerKeyDelivery.recipientFor(csrWithCapabilities(ec(), NISTObjectIdentifiers.id_aes256_wrap),
                List.of(), true, Optional.empty(), BC).orElseThrow().technique());
    }

    @Test
    void anUnknownDecryptKeyIdentifierTerminatesTheRequest() throws Exception {
        PKCS10CertificationRequest csr = csr(ec(), ServerKeyDelivery.DECRYPT_KEY_ID, new byte[] {9});

        assertThrows(BadRequestBody.class, () -> ServerKeyDelivery.recipientFor(csr, List.of(), false, Optional.of(keks), BC));
        assertThrows(BadRequestBody.class, () -> ServerKeyDelivery.recipientFor(csr, List.of(), false, Optional.empty(), BC));
    }

    @Test
    void aKeyIdentifierThatIsNoOctetStringIsABadRequest() throws Exception {
        PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=device"),
                ec().getPublic());
        builder.addAttribute(ServerKeyDelivery.ASYMMETRIC_DECRYPT_KEY_ID, new ASN1ObjectIdentifier("1.2.3"));
        KeyPair any = ec();
        PKCS10CertificationRequest csr = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(any.getPrivate()));

        assertThrows(BadRequestBody.class, () -> ServerKeyDelivery.recipientFor(csr, List.of(), false, Optional.empty(), BC));
    }

    @Test
    void theKeyIdentifierIsRfc5280MethodOne() throws Exception {
        KeyPair keys = ec();
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        byte[] expected = java.security.MessageDigest.getInstance("SHA-1").digest(info.getPublicKeyData().getBytes());

        assertArrayEquals(expected, ServerKeyDelivery.keyIdOf(info));
    }

    /** Seals a key to {@code keys} as a CSR listing {@code capabilities} asks, and answers the ktri's keyEncryptionAlgorithm. */
    private static String keyEncryptionAlgorithmFor(KeyPair keys, ASN1ObjectIdentifier... capabilities) throws Exception {
        Recipient recipient = ServerKeyDelivery.recipientFor(csrWithCapabilities(keys, capabilities), List.of(), true,
                Optional.empty(), BC).orElseThrow();
        KeyPair signer = ec();
        byte[] sealed = ServerGeneratedKeys.seal(PrivateKeyInfo.getInstance(ec().getPrivate().getEncoded()),
                signer.getPrivate(), selfSigned(signer, "SHA256withECDSA"), recipient, BC);
        return new CMSEnvelopedData(sealed).getRecipientInfos().iterator().next().getKeyEncryptionAlgOID();
    }

    private static PKCS10CertificationRequest csrWithCapabilities(KeyPair keys, ASN1ObjectIdentifier... capabilities)
            throws Exception {
        PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=device"),
                keys.getPublic());
        if (capabilities.length > 0) {
            SMIMECapabilityVector vector = new SMIMECapabilityVector();
            for (ASN1ObjectIdentifier capability : capabilities) {
                vector.addCapability(capability);
            }
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_smimeCapabilities, new DERSequence(vector.toASN1EncodableVector()));
        }
        String algorithm = keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
    }

    private static Recipient recipientNaming(KeyPair csrKey, byte[] keyId, X509Certificate clientCertificate)
            throws Exception {
        return ServerKeyDelivery.recipientFor(csr(csrKey, ServerKeyDelivery.ASYMMETRIC_DECRYPT_KEY_ID, keyId),
                List.of(clientCertificate), false, Optional.empty(), BC).orElseThrow();
    }

    private static byte[] keyIdOf(KeyPair keys) {
        return ServerKeyDelivery.keyIdOf(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    }

    private static PKCS10CertificationRequest csr(KeyPair keys, ASN1ObjectIdentifier attribute, byte[] keyId)
            throws Exception {
        PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=device"),
                keys.getPublic());
        if (attribute != null) {
            builder.addAttribute(attribute, new DEROctetString(keyId));
        }
        String algorithm = keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
    }

    private static X509Certificate selfSigned(KeyPair keys, String algorithm) throws Exception {
        X500Name name = new X500Name("CN=signer");
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), name, keys.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
