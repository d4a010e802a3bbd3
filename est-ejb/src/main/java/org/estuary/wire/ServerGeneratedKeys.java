package org.estuary.wire;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.KEKRecipientInformation;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKEKEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKEKRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The encrypted private-key part of the /serverkeygen response. RFC 7030 §4.4.2: "the private key
 * is placed inside of a CMS SignedData. The SignedData is signed by the party that generated the
 * private key ... further protected by placing it inside of a CMS EnvelopedData, as described in
 * Section 4 of [RFC5958]". Outside in: ContentInfo(EnvelopedData, AES-256-CBC), SignedData,
 * eContent of type id-ct-KP-aKeyPackage holding {@code AsymmetricKeyPackage ::= SEQUENCE SIZE
 * (1..MAX) OF OneAsymmetricKey} (RFC 5958 §2, §3) with the one generated key.
 *
 * <p>Byte arrays this class creates that hold the plaintext key (the key package, the SignedData)
 * are zero-filled before it returns. Java key objects, Bouncy Castle's ASN.1 objects, the copies a
 * provider makes and the {@link PrivateKeyInfo} passed in or returned cannot be wiped reliably:
 * they are immutable or copied where we cannot reach them. Keep their lifetime short.
 */
public final class ServerGeneratedKeys {

    /** The media type of the part (RFC 7030 §4.4.2, RFC 8951 §3.2.4). */
    public static final String MEDIA_TYPE = "application/pkcs7-mime; smime-type=server-generated-key";

    /** id-ct-KP-aKeyPackage, the eContentType of the SignedData (RFC 5958 §3). */
    public static final ASN1ObjectIdentifier KEY_PACKAGE = new ASN1ObjectIdentifier("2.16.840.1.101.2.1.2.78.5");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The key encryption of a key-transport recipient. */
    public enum KeyTransport {
        /** rsaEncryption, PKCS#1 v1.5 (RFC 5652 §12.3.1); what most EST clients understand. */
        RSA_PKCS1_V1_5,
        /** RSAES-OAEP with SHA-256 and MGF1-SHA-256 (RFC 4055 §4). */
        RSAES_OAEP_SHA256
    }

    /** The party that can open the envelope, one per RFC 7030 §4.4.2 key management technique. */
    public static final class Recipient {

        private interface InfoGenerator {
            RecipientInfoGenerator create(Provider provider) throws GeneralSecurityException;
        }

        private final String technique;
        private final InfoGenerator generator;

        private Recipient(String technique, InfoGenerator generator) {
            this.technique = technique;
            this.generator = generator;
        }

        /** The RecipientInfo choice: {@code ktri}, {@code kari} or {@code kekri}. */
        public String technique() {
            return technique;
        }

        /** A {@link KeyTransport#RSA_PKCS1_V1_5} key-transport recipient. */
        public static Recipient keyTransport(byte[] subjectKeyIdentifier, PublicKey rsaKey) {
            return keyTransport(subjectKeyIdentifier, rsaKey, KeyTransport.RSA_PKCS1_V1_5);
        }

        /** ktri (RFC 7030 §4.4.2): rid is the subjectKeyIdentifier from the AsymmetricDecryptKeyIdentifier (§4.4.1.2). */
        public static Recipient keyTransport(byte[] subjectKeyIdentifier, PublicKey rsaKey, KeyTransport encryption) {
            if (!(rsaKey instanceof RSAPublicKey)) {
                throw new IllegalArgumentException("key transport needs an RSA public key");
            }
            byte[] keyId = subjectKeyIdentifier.clone();
            AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
            AlgorithmIdentifier algorithm = encryption == KeyTransport.RSAES_OAEP_SHA256
                    ? new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, new RSAESOAEPparams(sha256,
                            new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256), RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM))
                    : new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
            return new Recipient("ktri", provider -> new JceKeyTransRecipientInfoGenerator(keyId, algorithm, rsaKey).setProvider(provider));
        }

        /**
         * kari (RFC 7030 §4.4.2): ephemeral-static ECDH on the recipient's curve with the X9.63
         * SHA-256 KDF and AES-256 key wrap (RFC 5753 §3.1), recipient named by subjectKeyIdentifier.
         */
        public static Recipient keyAgreement(byte[] subjectKeyIdentifier, PublicKey ecKey) {
            if (!(ecKey instanceof ECPublicKey ec)) {
                throw new IllegalArgumentException("key agreement needs an EC public key");
            }
            byte[] keyId = subjectKeyIdentifier.clone();
            // By the curve's OID where it has one: a JDK (SunEC) key's getParams() is a bare curve,
            // and the ephemeral key would then carry explicit parameters, which RFC 5480 §2.1.1 forbids.
            ASN1Encodable curve = SubjectPublicKeyInfo.getInstance(ecKey.getEncoded()).getAlgorithm().getParameters();
            AlgorithmParameterSpec ephemeralCurve = curve instanceof ASN1ObjectIdentifier named
                    ? new ECGenParameterSpec(named.getId()) : ec.getParams();
            return new Recipient("kari", provider -> {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
                generator.initialize(ephemeralCurve, RANDOM);
                KeyPair ephemeral = generator.generateKeyPair();
                return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF, ephemeral.getPrivate(),
                        ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                        .setProvider(provider).setSecureRandom(RANDOM).addRecipient(keyId, ecKey);
            });
        }

        /** kekri version 4 (RFC 7030 §4.4.2): kekid is the DecryptKeyIdentifier (§4.4.1.1), AES-256 key wrap. */
        public static Recipient keyEncryptionKey(byte[] keyIdentifier, SecretKey aes256) {
            byte[] encoded = aes256.getEncoded();
            boolean aes256Key = "AES".equalsIgnoreCase(aes256.getAlgorithm()) && encoded != null && encoded.length == 32;
            wipe(encoded);
            if (!aes256Key) {
                throw new IllegalArgumentException("the key-encryption key must be a 256-bit AES key");
            }
            byte[] kekId = keyIdentifier.clone();
            return new Recipient("kekri", provider -> new JceKEKRecipientInfoGenerator(kekId, aes256).setProvider(provider).setSecureRandom(RANDOM));
        }
    }

    /** The key could not be recovered: the key given opens no recipient, or what it opens is not a key package signed by the trusted signer. */
    public static final class Rejected extends Exception {

        private static final long serialVersionUID = 1L;

        public Rejected(String reason) {
            super(reason);
        }
    }

    private ServerGeneratedKeys() {
    }

    /**
     * The DER ContentInfo(EnvelopedData) carrying {@code key} signed by {@code signerKey}
     * (SHA256withECDSA up to 256-bit curves, SHA384withECDSA up to 384, SHA512withECDSA above;
     * SHA256withRSA for RSA), with {@code signerCertificate} in the SignedData's certificates.
     */
    public static byte[] seal(PrivateKeyInfo key, PrivateKey signerKey, X509Certificate signerCertificate,
            Recipient recipient, Provider provider) {
        String signatureAlgorithm = signatureAlgorithm(signerKey);
        byte[] keyPackage = null;
        byte[] signedData = null;
        try {
            keyPackage = new DERSequence(key).getEncoded(ASN1Encoding.DER);
            CMSSignedDataGenerator signer = new CMSSignedDataGenerator();
            signer.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(provider).build())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider).setSecureRandom(RANDOM)
                            .build(signerKey), signerCertificate));
            signer.addCertificate(new JcaX509CertificateHolder(signerCertificate));
            // The EnvelopedData encrypts the SignedData itself, not its ContentInfo (RFC 5652 §6.3).
            signedData = signer.generate(new CMSProcessableByteArray(KEY_PACKAGE, keyPackage), true)
                    .toASN1Structure().getContent().toASN1Primitive().getEncoded(ASN1Encoding.DER);
            CMSEnvelopedDataGenerator envelope = new CMSEnvelopedDataGenerator();
            envelope.addRecipientInfoGenerator(recipient.generator.create(provider));
            return envelope.generate(new CMSProcessableByteArray(CMSObjectIdentifiers.signedData, signedData),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(provider).setSecureRandom(RANDOM).build())
                    .toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | OperatorCreationException | CMSException | IOException failed) {
            throw new IllegalStateException("cannot build the server-generated-key EnvelopedData", failed);
        } finally {
            wipe(keyPackage);
            wipe(signedData);
        }
    }

    /**
     * The one key in a ktri or kari envelope, opened with the recipient's private key, once a
     * signer of the inner SignedData verifies with {@code trustedSigner}'s public key.
     *
     * @throws MalformedMessage if the bytes are not a ContentInfo(EnvelopedData) of a SignedData
     * @throws Rejected if {@code recipientKey} opens no recipient, or what it opens is not a key
     *     package signed by {@code trustedSigner}
     */
    public static PrivateKeyInfo open(byte[] envelopedData, PrivateKey recipientKey, X509Certificate trustedSigner,
            Provider provider) throws MalformedMessage, Rejected {
        return open(envelopedData, (Key) recipientKey, trustedSigner, provider);
    }

    /** As {@link #open(byte[], PrivateKey, X509Certificate, Provider)}, for a kekri envelope and its shared key. */
    public static PrivateKeyInfo open(byte[] envelopedData, SecretKey keyEncryptionKey, X509Certificate trustedSigner,
            Provider provider) throws MalformedMessage, Rejected {
        return open(envelopedData, (Key) keyEncryptionKey, trustedSigner, provider);
    }

    private static PrivateKeyInfo open(byte[] envelopedData, Key key, X509Certificate trustedSigner, Provider provider)
            throws MalformedMessage, Rejected {
        CMSEnvelopedData envelope;
        try {
            envelope = new CMSEnvelopedData(envelopedData);
        } catch (CMSException | RuntimeException notEnvelopedData) {
            throw new MalformedMessage("not a CMS EnvelopedData");
        }
        byte[] signedData = null;
        try {
            for (RecipientInformation info : envelope.getRecipientInfos().getRecipients()) {
                if (!CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
                    throw new MalformedMessage("the EnvelopedData does not hold a SignedData (RFC 7030 §4.4.2)");
                }
                org.bouncycastle.cms.Recipient recipient = recipientFor(info, key, provider);
                try {
                    signedData = recipient == null ? null : info.getContent(recipient);
                } catch (CMSException | RuntimeException notThisOne) {
                    signedData = null;
                }
                if (signedData != null) {
                    return verifiedKey(signedData, trustedSigner, provider);
                }
            }
            throw new Rejected("no recipient of the EnvelopedData opens with the given key");
        } finally {
            wipe(signedData);
        }
    }

    private static org.bouncycastle.cms.Recipient recipientFor(RecipientInformation info, Key key, Provider provider) {
        if (info instanceof KeyTransRecipientInformation && key instanceof PrivateKey privateKey) {
            return new JceKeyTransEnvelopedRecipient(privateKey).setProvider(provider);
        }
        if (info instanceof KeyAgreeRecipientInformation && key instanceof PrivateKey privateKey) {
            return new JceKeyAgreeEnvelopedRecipient(privateKey).setProvider(provider);
        }
        if (info instanceof KEKRecipientInformation && key instanceof SecretKey secretKey) {
            return new JceKEKEnvelopedRecipient(secretKey).setProvider(provider);
        }
        return null;
    }

    private static PrivateKeyInfo verifiedKey(byte[] signedDataDer, X509Certificate trustedSigner, Provider provider) throws Rejected {
        byte[] keyPackage = null;
        try {
            CMSSignedData signedData = new CMSSignedData(new ContentInfo(CMSObjectIdentifiers.signedData,
                    SignedData.getInstance(ASN1Primitive.fromByteArray(signedDataDer))));
            if (!KEY_PACKAGE.getId().equals(signedData.getSignedContentTypeOID()) || signedData.getSignedContent() == null) {
                throw new Rejected("the SignedData does not carry an id-ct-KP-aKeyPackage (RFC 5958 §3)");
            }
            if (signedData.getSignerInfos().getSigners().stream().noneMatch(s -> verifies(s, trustedSigner, provider))) {
                throw new Rejected("the key package signature does not verify with the trusted signer's certificate");
            }
            keyPackage = (byte[]) signedData.getSignedContent().getContent();
            ASN1Sequence keys = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(keyPackage));
            if (keys.size() != 1) {
                throw new Rejected("the key package holds " + keys.size() + " keys, not one");
            }
            return PrivateKeyInfo.getInstance(keys.getObjectAt(0));
        } catch (IOException | CMSException | RuntimeException unreadable) {
            throw new Rejected("the decrypted content is not a signed key package");
        } finally {
            wipe(keyPackage);
        }
    }

    private static boolean verifies(SignerInformation signer, X509Certificate trustedSigner, Provider provider) {
        try {
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(provider).build(trustedSigner));
        } catch (CMSException | OperatorCreationException | RuntimeException unverifiable) {
            return false;
        }
    }

    private static String signatureAlgorithm(PrivateKey signerKey) {
        if (signerKey instanceof ECKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        if (signerKey instanceof RSAKey) {
            return "SHA256withRSA";
        }
        throw new IllegalArgumentException("the key package signer must hold an EC or RSA key, not " + signerKey.getAlgorithm());
    }

    /** Zero-fills {@code bytes} (a no-op for null). */
    public static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
