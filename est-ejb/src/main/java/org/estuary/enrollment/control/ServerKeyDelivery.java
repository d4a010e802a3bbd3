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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.ca.entity.KeyDescription;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.wire.ServerGeneratedKeys.Recipient;

/**
 * How a server-generated private key travels back (RFC 7030 §4.4.1, §4.4.2): as plain PKCS#8 inside
 * the TLS session, or as CMS EnvelopedData when the CSR names a key to encrypt to
 * (DecryptKeyIdentifier, §4.4.1.1; AsymmetricDecryptKeyIdentifier, §4.4.1.2) or when the profile
 * demands encryption to the CSR's own public key. "If the server does not have a ... key matching
 * the identifier specified by the client, the request MUST be terminated and an error returned."
 */
public final class ServerKeyDelivery {

    /** id-aa-decryptKeyID, RFC 4108 §2.2.5. */
    public static final ASN1ObjectIdentifier DECRYPT_KEY_ID = new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.37");

    /** id-aa-asymmDecryptKeyID, RFC 7030 §4.4.1.2. */
    public static final ASN1ObjectIdentifier ASYMMETRIC_DECRYPT_KEY_ID = new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.54");

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
        Optional<byte[]> secretKeyId = octets(csr, DECRYPT_KEY_ID);
        if (secretKeyId.isPresent()) {
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
                    return Optional.of(recipient(candidate, publicKeyId.get(), provider));
                }
            }
            throw new BadRequestBody("no public key matches the AsymmetricDecryptKeyIdentifier");
        }
        if (encryptToCsrKey) {
            SubjectPublicKeyInfo key = csr.getSubjectPublicKeyInfo();
            return Optional.of(recipient(key, keyIdOf(key), provider));
        }
        return Optional.empty();
    }

    /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
    public static byte[] keyIdOf(SubjectPublicKeyInfo key) {
        return KEY_IDS.createSubjectKeyIdentifier(key).getKeyIdentifier();
    }

    private static Recipient recipient(SubjectPublicKeyInfo key, byte[] keyId, Provider provider) throws BadRequestBody {
        KeyDescription description = KeyDescription.of(key);
        PublicKey publicKey;
        try {
            publicKey = new JcaPEMKeyConverter().setProvider(provider).getPublicKey(key);
        } catch (PEMException unreadable) {
            throw new BadRequestBody("cannot read the public key to encrypt the private key to");
        }
        return switch (description.family()) {
            case RSA -> Recipient.keyTransport(keyId, publicKey);
            case EC -> Recipient.keyAgreement(keyId, publicKey);
            default -> throw new BadRequestBody("cannot encrypt the private key to a " + description + " key");
        };
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
