package org.estuary.enrollment.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.smime.SMIMECapabilities;
import org.bouncycastle.asn1.smime.SMIMECapability;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.ca.entity.KeyDescription;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.wire.ServerGeneratedKeys.KeyTransport;
import org.estuary.wire.ServerGeneratedKeys.Recipient;

/**
 * How a server-generated private key travels back (RFC 7030 §4.4.1, §4.4.2): as plain PKCS#8 inside
 * the TLS session, or as CMS EnvelopedData when the CSR names a key to encrypt to
 * (DecryptKeyIdentifier, §4.4.1.1; AsymmetricDecryptKeyIdentifier, §4.4.1.2) or when the profile
 * demands encryption to the CSR's own public key. "If the server does not have a ... key matching
 * the identifier specified by the client, the request MUST be terminated and an error returned."
 *
 * <p>The key-encryption algorithm is "one of the key wrap algorithms that the client included in
 * the SMIMECapabilities accompanying the request" (§4.4.2): AES-256 key wrap for kekri and kari
 * (ECDH with the X9.63 SHA-256 KDF), RSAES-OAEP when listed and otherwise rsaEncryption for ktri.
 * A CSR without SMIMECapabilities gets those defaults; one whose list holds none of them is refused.
 */
public final class ServerKeyDelivery {

    /** id-aa-decryptKeyID, RFC 4108 §2.2.5. */
    public static final ASN1ObjectIdentifier DECRYPT_KEY_ID = new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.37");

    /** id-aa-asymmDecryptKeyID, RFC 7030 §4.4.1.2. */
    public static final ASN1ObjectIdentifier ASYMMETRIC_DECRYPT_KEY_ID = new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.54");

    /** The smallest RSA key a generated private key is encrypted to. */
    static final int MIN_RSA_RECIPIENT_BITS = 2048;

    private static final BcX509ExtensionUtils KEY_IDS = new BcX509ExtensionUtils();

    private ServerKeyDelivery() {
    }

    /**
     * The recipient to encrypt the key to, or empty for plain PKCS#8 over TLS.
     *
     * @param clientChain the TLS client chain: its key may be the one an AsymmetricDecryptKeyIdentifier names
     * @param keyEncryptionKeys directory of AES-256 keys, one file per key named by the hex key id, content base64
     */
    public static Optional<Recipient> recipientFor(PKCS10CertificationRequest csr, List<X509Certificate> clientChain,
            boolean encryptToCsrKey, Optional<Path> keyEncryptionKeys, Provider provider) throws BadRequestBody {
        Set<ASN1ObjectIdentifier> capabilities = capabilities(csr);
        Optional<byte[]> secretKeyId = octets(csr, DECRYPT_KEY_ID);
        if (secretKeyId.isPresent()) {
            requireOneOf(capabilities, "aes256-wrap", NISTObjectIdentifiers.id_aes256_wrap);
            return Optional.of(Recipient.keyEncryptionKey(secretKeyId.get(),
                    secretKey(secretKeyId.get(), keyEncryptionKeys)));
        }
        Optional<byte[]> publicKeyId = octets(csr, ASYMMETRIC_DECRYPT_KEY_ID);
        if (publicKeyId.isPresent()) {
            List<SubjectPublicKeyInfo> candidates = new ArrayList<>();
            candidates.add(csr.getSubjectPublicKeyInfo());
            clientChain.stream().findFirst()
                    .ifPresent(certificate -> candidates.add(SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())));
            for (SubjectPublicKeyInfo candidate : candidates) {
                if (Arrays.equals(keyIdOf(candidate), publicKeyId.get())) {
                    return Optional.of(recipient(candidate, publicKeyId.get(), capabilities, provider));
                }
            }
            throw new BadRequestBody("no public key matches the AsymmetricDecryptKeyIdentifier");
        }
        if (encryptToCsrKey) {
            SubjectPublicKeyInfo key = csr.getSubjectPublicKeyInfo();
            return Optional.of(recipient(key, keyIdOf(key), capabilities, provider));
        }
        return Optional.empty();
    }

    /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
    public static byte[] keyIdOf(SubjectPublicKeyInfo key) {
        return KEY_IDS.createSubjectKeyIdentifier(key).getKeyIdentifier();
    }

    private static Recipient recipient(SubjectPublicKeyInfo key, byte[] keyId, Set<ASN1ObjectIdentifier> capabilities,
            Provider provider) throws BadRequestBody {
        KeyDescription description = KeyDescription.of(key);
        PublicKey publicKey;
        try {
            publicKey = new JcaPEMKeyConverter().setProvider(provider).getPublicKey(key);
        } catch (PEMException unreadable) {
            throw new BadRequestBody("cannot read the public key to encrypt the private key to");
        }
        return switch (description.family()) {
            case RSA -> {
                if (description.bits() < MIN_RSA_RECIPIENT_BITS) {
                    // NIST SP 800-131A Rev. 2 §6: RSA key transport below 2048 bits is disallowed; and a
                    // key shorter than the wrapped key plus padding cannot carry it at all.
                    throw new BadRequestBody("cannot encrypt the private key to an RSA key below "
                            + MIN_RSA_RECIPIENT_BITS + " bits");
                }
                yield Recipient.keyTransport(keyId, publicKey, keyTransportFor(capabilities));
            }
            case EC -> {
                requireOneOf(capabilities, "aes256-wrap or dhSinglePass-stdDH-sha256kdf-scheme",
                        NISTObjectIdentifiers.id_aes256_wrap, SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme);
                yield Recipient.keyAgreement(keyId, publicKey);
            }
            default -> throw new BadRequestBody("cannot encrypt the private key to a " + description + " key");
        };
    }

    private static KeyTransport keyTransportFor(Set<ASN1ObjectIdentifier> capabilities) throws BadRequestBody {
        if (capabilities.contains(PKCSObjectIdentifiers.id_RSAES_OAEP)) {
            return KeyTransport.RSAES_OAEP_SHA256;
        }
        requireOneOf(capabilities, "rsaEncryption or id-RSAES-OAEP", PKCSObjectIdentifiers.rsaEncryption);
        return KeyTransport.RSA_PKCS1_V1_5;
    }

    /** The capability ids of the CSR's SMIMECapabilities attribute (RFC 8551 §2.5.2); empty when it has none. */
    static Set<ASN1ObjectIdentifier> capabilities(PKCS10CertificationRequest csr) throws BadRequestBody {
        Attribute[] attributes = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_smimeCapabilities);
        if (attributes.length == 0) {
            return Set.of();
        }
        try {
            Set<ASN1ObjectIdentifier> ids = new HashSet<>();
            for (Object capability : SMIMECapabilities.getInstance(attributes[0].getAttrValues().getObjectAt(0))
                    .getCapabilities(null)) {
                ids.add(((SMIMECapability) capability).getCapabilityID());
            }
            return ids;
        } catch (RuntimeException malformed) {
            throw new BadRequestBody("CSR attribute SMIMECapabilities is malformed");
        }
    }

    private static void requireOneOf(Set<ASN1ObjectIdentifier> capabilities, String offered, ASN1ObjectIdentifier... ours)
            throws BadRequestBody {
        if (!capabilities.isEmpty() && Arrays.stream(ours).noneMatch(capabilities::contains)) {
            throw new BadRequestBody("SMIMECapabilities lists no key encryption this server offers (" + offered + ")");
        }
    }

    private static Optional<byte[]> octets(PKCS10CertificationRequest csr, ASN1ObjectIdentifier type) throws BadRequestBody {
        Attribute[] attributes = csr.getAttributes(type);
        if (attributes.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(ASN1OctetString.getInstance(attributes[0].getAttrValues().getObjectAt(0)).getOctets());
        } catch (RuntimeException malformed) {
            throw new BadRequestBody("CSR attribute " + type.getId() + " is malformed");
        }
    }

    private static SecretKey secretKey(byte[] keyId, Optional<Path> directory) throws BadRequestBody {
        Path file = directory.map(dir -> dir.resolve(HexFormat.of().formatHex(keyId))).orElse(null);
        if (file == null || !Files.isRegularFile(file)) {
            throw new BadRequestBody("no secret key matches the DecryptKeyIdentifier");
        }
        try {
            byte[] key = Base64.getMimeDecoder().decode(Files.readString(file).strip());
            if (key.length != 32) {
                throw new IllegalStateException("key-encryption key " + file + " is not 32 bytes (AES-256)");
            }
            SecretKey secret = new SecretKeySpec(key, "AES");
            Arrays.fill(key, (byte) 0);
            return secret;
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read key-encryption key " + file, unreadable);
        }
    }
}
