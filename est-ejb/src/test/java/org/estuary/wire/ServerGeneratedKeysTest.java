package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.KEKRecipientInfo;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientEncryptedKey;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerGeneratedKeysTest {

    private static final Provider BC = new BouncyCastleProvider();
    private static final byte[] SKI = HexFormat.of().parseHex("a7998b1bbd17e6a9a435f6492e476b1995e89af8");
    private static final byte[] KEK_ID = "decrypt-key-1".getBytes(StandardCharsets.US_ASCII);

    private static final KeyPair RSA_RECIPIENT = keyPair("RSA", 2048);
    private static final KeyPair P256_RECIPIENT = ecKeyPair("secp256r1");
    private static final KeyPair P384_RECIPIENT = ecKeyPair("secp384r1");
    private static final SecretKey KEK = new SecretKeySpec(HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), "AES");
    private static final KeyPair SIGNER_KEYS = ecKeyPair("secp256r1");
    private static final X509Certificate SIGNER = selfSigned(SIGNER_KEYS, "CN=Estuary key generator");
    /** The generated key being delivered. */
    private static final PrivateKeyInfo KEY = PrivateKeyInfo.getInstance(ecKeyPair("secp384r1").getPrivate().getEncoded());

    @Test
    void rsaKeyTransportWithPkcs1RoundTripsTheKey() throws Exception {
        byte[] sealed = seal(ServerGeneratedKeys.Recipient.keyTransport(SKI, RSA_RECIPIENT.getPublic(),
                ServerGeneratedKeys.KeyTransport.RSA_PKCS1_V1_5));

        assertArrayEquals(KEY.getEncoded(), ServerGeneratedKeys.open(sealed, RSA_RECIPIENT.getPrivate(), SIGNER, BC).getEncoded());
        KeyTransRecipientInfo ktri = KeyTransRecipientInfo.getInstance(recipientInfo(sealed).getInfo());
        assertEquals(PKCSObjectIdentifiers.rsaEncryption, ktri.getKeyEncryptionAlgorithm().getAlgorithm());
        assertArrayEquals(SKI, ((org.bouncycastle.asn1.ASN1OctetString) ktri.getRecipientIdentifier().getId()).getOctets());
        assertEquals(2, ktri.getVersion().intValueExact(), "version 2 for a subjectKeyIdentifier rid (RFC 5652 §6.2.1)");
    }

    @Test
    void rsaKeyTransportWithOaepSha256RoundTripsTheKey() throws Exception {
        byte[] sealed = seal(ServerGeneratedKeys.Recipient.keyTransport(SKI, RSA_RECIPIENT.getPublic(),
                ServerGeneratedKeys.KeyTransport.RSAES_OAEP_SHA256));

        assertArrayEquals(KEY.getEncoded(), ServerGeneratedKeys.open(sealed, RSA_RECIPIENT.getPrivate(), SIGNER, BC).getEncoded());
        KeyTransRecipientInfo ktri = KeyTransRecipientInfo.getInstance(recipientInfo(sealed).getInfo());
        assertEquals(PKCSObjectIdentifiers.id_RSAES_OAEP, ktri.getKeyEncryptionAlgorithm().getAlgorithm());
        assertEquals(NISTObjectIdentifiers.id_sha256, org.bouncycastle.asn1.pkcs.RSAESOAEPparams
                .getInstance(ktri.getKeyEncryptionAlgorithm().getParameters()).getHashAlgorithm().getAlgorithm());
    }

    @Test
    void ecP256KeyAgreementRoundTripsTheKey() throws Exception {
        byte[] sealed = seal(ServerGeneratedKeys.Recipient.keyAgreement(SKI, P256_RECIPIENT.getPublic()));

        assertArrayEquals(KEY.getEncoded(), ServerGeneratedKeys.open(sealed, P256_RECIPIENT.getPrivate(), SIGNER, BC).getEncoded());
        KeyAgreeRecipientInfo kari = KeyAgreeRecipientInfo.getInstance(recipientInfo(sealed).getInfo());
        assertEquals(CMSAlgorithm.ECDH_SHA256KDF, kari.getKeyEncryptionAlgorithm().getAlgorithm());
        assertEquals(CMSAlgorithm.AES256_WRAP, org.bouncycastle.asn1.x509.AlgorithmIdentifier
                .getInstance(kari.getKeyEncryptionAlgorithm().getParameters()).getAlgorithm());
        RecipientEncryptedKey key = RecipientEncryptedKey.getInstance(kari.getRecipientEncryptedKeys().getObjectAt(0));
        assertArrayEquals(SKI, key.getIdentifier().getRKeyID().getSubjectKeyIdentifier().getOctets());
        assertTrue(kari.getOriginator().getOriginatorKey() != null, "ephemeral-static: the originator is a public key");
    }

    @Test
    void ecP384KeyAgreementRoundTripsTheKey() throws Exception {
        byte[] sealed = seal(ServerGeneratedKeys.Recipient.keyAgreement(SKI, P384_RECIPIENT.getPublic()));

        assertArrayEquals(KEY.getEncoded(), ServerGeneratedKeys.open(sealed, P384_RECIPIENT.getPrivate(), SIGNER, BC).getEncoded());
    }

    @Test
    void aJdkEcRecipientKeyGetsANamedCurveEphemeralKey() throws Exception {
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC");
        jdk.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair recipient = jdk.generateKeyPair();

        byte[] sealed = seal(ServerGeneratedKeys.Recipient.keyAgreement(SKI, recipient.getPublic()));

        KeyAgreeRecipientInfo kari = KeyAgreeRecipientInfo.getInstance(recipientInfo(sealed).getInfo());
        assertEquals(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp384r1,
                kari.getOriginator().getOriginatorKey().getAlgorithm().getParameters(), "a named curve, not explicit parameters");
        assertArrayEquals(KEY.getEncoded(), ServerGeneratedKeys.open(sealed, recipient.getPrivate(), SIGNER, BC).getEncoded());
    }

    @Test
    void eachKeyAgreementUsesAFreshEphemeralKey() throws Exception {
        ServerGeneratedKeys.Recipient recipient = ServerGeneratedKeys.Recipient.keyAgreement(SKI, P256_RECIPIENT.getPublic());

        KeyAgreeRecipientInfo first = KeyAgreeRecipientInfo.getInstance(recipientInfo(seal(recipient)).getInfo());
        KeyAgreeRecipientInfo second = KeyAgreeRecipientInfo.getInstance(recipientInfo(seal(recipient)).getInfo());

        assertTrue(!first.getOriginator().getOriginatorKey().getPublicKey().equals(second.getOriginator().getOriginatorKey().getPublicKey()));
    }

    @Test
    void aes256KekRoundTripsTheKeyAsKekriVersionFourNamedByTheDecryptKeyIdentifier() throws Exception {
        byte[] sealed = seal(ServerGeneratedKeys.Recipient.keyEncryptionKey(KEK_ID, KEK));

        assertArrayEquals(KEY.getEncoded(), ServerGeneratedKeys.open(sealed, KEK, SIGNER, BC).getEncoded());
        KEKRecipientInfo kekri = KEKRecipientInfo.getInstance(recipientInfo(sealed).getInfo());
        assertEquals(4, kekri.getVersion().intValueExact());
        assertArrayEquals(KEK_ID, kekri.getKekid().getKeyIdentifier().getOctets());
        assertEquals(CMSAlgorithm.AES256_WRAP, kekri.getKeyEncryptionAlgorithm().getAlgorithm());
    }

    @Test
    void envelopeIsDerEnvelopedDataOfAes256CbcEncryptedSignedData() throws Exception {
        byte[] sealed = seal(ServerGeneratedKeys.Recipient.keyEncryptionKey(KEK_ID, KEK));

        ContentInfo contentInfo = ContentInfo.getInstance(ASN1Primitive.fromByteArray(sealed));
        EnvelopedData envelopedData = EnvelopedData.getInstance(contentInfo.getContent());

        assertEquals(CMSObjectIdentifiers.envelopedData, contentInfo.getContentType());
        assertEquals(CMSObjectIdentifiers.signedData, envelopedData.getEncryptedContentInfo().getContentType());
        assertEquals(CMSAlgorithm.AES256_CBC, envelopedData.getEncryptedContentInfo().getContentEncryptionAlgorithm().getAlgorithm());
        assertArrayEquals(sealed, contentInfo.getEncoded("DER"), "DER");
    }

    @Test
    void signatureAlgorithmFollowsTheSignerKey() throws Exception {
        KeyPair p384 = ecKeyPair("secp384r1");
        KeyPair rsa = keyPair("RSA", 2048);
        for (Object[] signer : new Object[][] {
                {SIGNER_KEYS, X9ObjectIdentifiers.ecdsa_with_SHA256},
                {p384, X9ObjectIdentifiers.ecdsa_with_SHA384},
                {ecKeyPair("secp521r1"), X9ObjectIdentifiers.ecdsa_with_SHA512},
                {rsa, PKCSObjectIdentifiers.sha256WithRSAEncryption}}) {
            KeyPair keys = (KeyPair) signer[0];
            X509Certificate certificate = selfSigned(keys, "CN=signer");
            byte[] sealed = ServerGeneratedKeys.seal(KEY, keys.getPrivate(), certificate,
                    ServerGeneratedKeys.Recipient.keyEncryptionKey(KEK_ID, KEK), BC);

            byte[] signedData = decryptWithKek(sealed);
            SignerInfo signerInfo = SignerInfo.getInstance(SignedData.getInstance(ASN1Primitive.fromByteArray(signedData)).getSignerInfos().getObjectAt(0));

            assertEquals(signer[1], signerInfo.getDigestEncryptionAlgorithm().getAlgorithm());
            assertArrayEquals(KEY.getEncoded(), ServerGeneratedKeys.open(sealed, KEK, certificate, BC).getEncoded());
        }
    }

    @Test
    void aWrongRecipientKeyOpensNothing() {
        byte[] rsaSealed = seal(ServerGeneratedKeys.Recipient.keyTransport(SKI, RSA_RECIPIENT.getPublic(),
                ServerGeneratedKeys.KeyTransport.RSA_PKCS1_V1_5));
        byte[] oaepSealed = seal(ServerGeneratedKeys.Recipient.keyTransport(SKI, RSA_RECIPIENT.getPublic(),
                ServerGeneratedKeys.KeyTransport.RSAES_OAEP_SHA256));
        byte[] ecSealed = seal(ServerGeneratedKeys.Recipient.keyAgreement(SKI, P256_RECIPIENT.getPublic()));
        byte[] kekSealed = seal(ServerGeneratedKeys.Recipient.keyEncryptionKey(KEK_ID, KEK));
        PrivateKey otherRsa = keyPair("RSA", 2048).getPrivate();

        assertThrows(ServerGeneratedKeys.Rejected.class, () -> ServerGeneratedKeys.open(rsaSealed, otherRsa, SIGNER, BC));
        assertThrows(ServerGeneratedKeys.Rejected.class, () -> ServerGeneratedKeys.open(oaepSealed, otherRsa, SIGNER, BC));
        assertThrows(ServerGeneratedKeys.Rejected.class,
                () -> ServerGeneratedKeys.open(ecSealed, ecKeyPair("secp256r1").getPrivate(), SIGNER, BC));
        assertThrows(ServerGeneratedKeys.Rejected.class, () -> ServerGeneratedKeys.open(kekSealed,
                new SecretKeySpec(new byte[32], "AES"), SIGNER, BC));
        assertThrows(ServerGeneratedKeys.Rejected.class, () -> ServerGeneratedKeys.open(ecSealed, RSA_RECIPIENT.getPrivate(), SIGNER, BC),
                "a key of the wrong kind matches no recipient");
        assertThrows(ServerGeneratedKeys.Rejected.class, () -> ServerGeneratedKeys.open(kekSealed, P256_RECIPIENT.getPrivate(), SIGNER, BC));
    }

    @Test
    void aKeyPackageSignedWithAnotherKeyThanTheTrustedCertificatesIsRefused() {
        PrivateKey impostor = ecKeyPair("secp256r1").getPrivate();
        byte[] sealed = ServerGeneratedKeys.seal(KEY, impostor, SIGNER, ServerGeneratedKeys.Recipient.keyEncryptionKey(KEK_ID, KEK), BC);

        ServerGeneratedKeys.Rejected refused = assertThrows(ServerGeneratedKeys.Rejected.class,
                () -> ServerGeneratedKeys.open(sealed, KEK, SIGNER, BC));
        assertEquals("the key package signature does not verify with the trusted signer's certificate", refused.getMessage());
    }

    @Test
    void aKeyPackageFromAnUntrustedSignerIsRefused() {
        KeyPair other = ecKeyPair("secp256r1");
        byte[] sealed = ServerGeneratedKeys.seal(KEY, other.getPrivate(), selfSigned(other, "CN=Estuary key generator"),
                ServerGeneratedKeys.Recipient.keyEncryptionKey(KEK_ID, KEK), BC);

        assertThrows(ServerGeneratedKeys.Rejected.class, () -> ServerGeneratedKeys.open(sealed, KEK, SIGNER, BC));
    }

    @Test
    void whatIsNotEnvelopedDataIsMalformed() {
        byte[] signedOnly = CertsOnly.encode(List.of(SIGNER));

        assertThrows(MalformedMessage.class, () -> ServerGeneratedKeys.open(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, KEK, SIGNER, BC));
        assertThrows(MalformedMessage.class, () -> ServerGeneratedKeys.open(signedOnly, KEK, SIGNER, BC));
        assertThrows(MalformedMessage.class, () -> ServerGeneratedKeys.open(new byte[0], KEK, SIGNER, BC));
    }

    @Test
    void recipientsRefuseKeysOfTheWrongKind() {
        assertThrows(IllegalArgumentException.class, () -> ServerGeneratedKeys.Recipient.keyTransport(SKI, P256_RECIPIENT.getPublic(),
                ServerGeneratedKeys.KeyTransport.RSA_PKCS1_V1_5));
        assertThrows(IllegalArgumentException.class, () -> ServerGeneratedKeys.Recipient.keyAgreement(SKI, RSA_RECIPIENT.getPublic()));
        assertThrows(IllegalArgumentException.class, () -> ServerGeneratedKeys.Recipient.keyEncryptionKey(KEK_ID,
                new SecretKeySpec(new byte[16], "AES")));
        assertThrows(IllegalArgumentException.class, () -> ServerGeneratedKeys.Recipient.keyEncryptionKey(KEK_ID,
                new SecretKeySpec(new byte[32], "HmacSHA256")));
    }

    @Test
    void wipeZeroFills() {
        byte[] secret = {1, 2, 3, 4};

        ServerGeneratedKeys.wipe(secret);
        ServerGeneratedKeys.wipe(null);

        assertArrayEquals(new byte[4], secret);
    }

    @Test
    void mediaTypeIsServerGeneratedKeyPkcs7Mime() {
        assertEquals("application/pkcs7-mime; smime-type=server-generated-key", ServerGeneratedKeys.MEDIA_TYPE);
        assertEquals("2.16.840.1.101.2.1.2.78.5", ServerGeneratedKeys.KEY_PACKAGE.getId());
    }

    @Test
    void opensslDecryptsEachEnvelopeToTheSignedKeyPackage(@TempDir Path directory) throws Exception {
        record Case(String name, byte[] sealed, PrivateKey key) {
        }
        List<Case> cases = new ArrayList<>(List.of(
                new Case("rsa-pkcs1", seal(ServerGeneratedKeys.Recipient.keyTransport(SKI, RSA_RECIPIENT.getPublic(),
                        ServerGeneratedKeys.KeyTransport.RSA_PKCS1_V1_5)), RSA_RECIPIENT.getPrivate()),
                new Case("rsa-oaep", seal(ServerGeneratedKeys.Recipient.keyTransport(SKI, RSA_RECIPIENT.getPublic(),
                        ServerGeneratedKeys.KeyTransport.RSAES_OAEP_SHA256)), RSA_RECIPIENT.getPrivate()),
                new Case("ec-p256", seal(ServerGeneratedKeys.Recipient.keyAgreement(SKI, P256_RECIPIENT.getPublic())), P256_RECIPIENT.getPrivate()),
                new Case("ec-p384", seal(ServerGeneratedKeys.Recipient.keyAgreement(SKI, P384_RECIPIENT.getPublic())), P384_RECIPIENT.getPrivate()),
                new Case("kek", seal(ServerGeneratedKeys.Recipient.keyEncryptionKey(KEK_ID, KEK)), null)));
        for (Case c : cases) {
            Path in = Files.write(directory.resolve(c.name() + ".der"), c.sealed());
            Path out = directory.resolve(c.name() + ".out");
            List<String> command = new ArrayList<>(List.of("openssl", "cms", "-decrypt", "-binary", "-inform", "DER",
                    "-in", in.toString(), "-out", out.toString()));
            if (c.key() == null) {
                command.addAll(List.of("-secretkey", HexFormat.of().formatHex(KEK.getEncoded()), "-secretkeyid", HexFormat.of().formatHex(KEK_ID)));
            } else {
                Path key = Files.writeString(directory.resolve(c.name() + ".key"), "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.key().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
                command.addAll(List.of("-inkey", key.toString()));
            }

            String output = run(command);

            assertSignedKeyPackage(Files.readAllBytes(out), c.name() + ": " + output);
        }
    }

    /** What openssl decrypted: a SignedData over an id-ct-KP-aKeyPackage with our key, signed by SIGNER. */
    private static void assertSignedKeyPackage(byte[] decrypted, String context) throws Exception {
        CMSSignedData signedData = new CMSSignedData(new ContentInfo(CMSObjectIdentifiers.signedData,
                SignedData.getInstance(ASN1Primitive.fromByteArray(decrypted))));
        assertEquals(ServerGeneratedKeys.KEY_PACKAGE.getId(), signedData.getSignedContentTypeOID(), context);
        SignerInformation signer = signedData.getSignerInfos().getSigners().iterator().next();
        assertTrue(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(SIGNER)), context);
        ASN1Sequence keyPackage = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray((byte[]) signedData.getSignedContent().getContent()));
        assertEquals(1, keyPackage.size(), context);
        assertArrayEquals(KEY.getEncoded(), PrivateKeyInfo.getInstance(keyPackage.getObjectAt(0)).getEncoded(), context);
    }

    private static byte[] seal(ServerGeneratedKeys.Recipient recipient) {
        return ServerGeneratedKeys.seal(KEY, SIGNER_KEYS.getPrivate(), SIGNER, recipient, BC);
    }

    private static RecipientInfo recipientInfo(byte[] sealed) throws IOException {
        EnvelopedData envelopedData = EnvelopedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(sealed)).getContent());
        assertEquals(1, envelopedData.getRecipientInfos().size());
        return RecipientInfo.getInstance(envelopedData.getRecipientInfos().getObjectAt(0));
    }

    private static byte[] decryptWithKek(byte[] sealed) throws Exception {
        org.bouncycastle.cms.CMSEnvelopedData envelope = new org.bouncycastle.cms.CMSEnvelopedData(sealed);
        return envelope.getRecipientInfos().getRecipients().iterator().next()
                .getContent(new org.bouncycastle.cms.jcajce.JceKEKEnvelopedRecipient(KEK).setProvider(BC));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "openssl finished");
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }

    private static KeyPair keyPair(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BC);
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeyPair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate selfSigned(KeyPair keys, String subject) {
        try {
            Instant now = Instant.now();
            X500Name name = new X500Name(subject);
            String algorithm = keys.getPrivate().getAlgorithm().startsWith("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                    name, keys.getPublic()).build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
