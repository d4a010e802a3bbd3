package org.estuary.wire;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/** Decodes PKCS#10 certification requests and checks their proof of possession. */
public final class CertificationRequests {

    /** The largest RSA modulus a CSR may carry; the certificate policy caps it too (CertificatePolicy.MAX_RSA_BITS). */
    public static final int MAX_RSA_MODULUS_BITS = 16384;

    /** An RSA public exponent has fewer bits than this (FIPS 186-5 §5.4: e < 2^256). */
    static final int MAX_RSA_EXPONENT_BITS = 256;

    private CertificationRequests() {
    }

    /**
     * Parses {@code der} and verifies the request's self-signature with the first of {@code providers}
     * that knows its key and signature algorithm.
     *
     * <p>RFC 7030 §3.4 and §4.2.1: the CSR signature proves that the client holds the private key
     * of the public key it asks to have certified; a request whose signature fails is refused.
     */
    public static PKCS10CertificationRequest decodeVerified(byte[] der, Provider... providers) throws MalformedMessage {
        PKCS10CertificationRequest csr = decode(der);
        requireVerifiableCost(csr.getSubjectPublicKeyInfo());
        for (Provider provider : providers) {
            boolean valid;
            try {
                valid = csr.isSignatureValid(verifierFor(csr.getSubjectPublicKeyInfo(), provider));
            } catch (OperatorCreationException | PKCSException | RuntimeException unverifiable) {
                continue;
            }
            if (!valid) {
                throw new MalformedMessage("CSR signature does not verify");
            }
            return csr;
        }
        throw new MalformedMessage("CSR signature cannot be verified (unsupported key or signature algorithm)");
    }

    /**
     * Refuses, before any arithmetic, an RSA key whose check alone would cost seconds: a modulus above
     * {@value #MAX_RSA_MODULUS_BITS} bits, or a public exponent of {@value #MAX_RSA_EXPONENT_BITS} bits
     * or more (FIPS 186-5 §5.4: 2^16 < e < 2^256). A crafted 16384-bit key with a 16384-bit exponent and
     * a bogus signature kept a core busy for over six seconds per request before the signature failed.
     */
    private static void requireVerifiableCost(SubjectPublicKeyInfo key) throws MalformedMessage {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm) && !PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm)) {
            return;
        }
        RSAPublicKey rsa;
        try {
            rsa = RSAPublicKey.getInstance(key.parsePublicKey());
        } catch (IOException | RuntimeException malformed) {
            throw new MalformedMessage("CSR public key is not a well-formed RSA key");
        }
        if (rsa.getModulus().bitLength() > MAX_RSA_MODULUS_BITS) {
            throw new MalformedMessage("CSR RSA key is larger than " + MAX_RSA_MODULUS_BITS + " bits");
        }
        if (rsa.getPublicExponent().bitLength() > MAX_RSA_EXPONENT_BITS) {
            throw new MalformedMessage("CSR RSA public exponent is out of range (below 2^256, FIPS 186-5)");
        }
    }

    /**
     * Parses {@code der} without checking its signature: RFC 7030 §4.4.1, for /serverkeygen "the
     * server MUST ignore the public key values and signature in the CSR".
     */
    public static PKCS10CertificationRequest decode(byte[] der) throws MalformedMessage {
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(der);
            csr.getSubject();
            return csr;
        } catch (IOException | RuntimeException notACsr) {
            throw new MalformedMessage("request body is not a PKCS#10 certification request");
        }
    }

    /** JCA key algorithm names by key OID: providers such as ACCP know keys by name, not by the OID Bouncy Castle asks with. */
    private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448");

    private static ContentVerifierProvider verifierFor(SubjectPublicKeyInfo key, Provider provider)
            throws OperatorCreationException {
        JcaContentVerifierProviderBuilder builder = new JcaContentVerifierProviderBuilder().setProvider(provider);
        String algorithm = KEY_ALGORITHMS.get(key.getAlgorithm().getAlgorithm());
        if (algorithm != null) {
            try {
                return builder.build(KeyFactory.getInstance(algorithm, provider)
                        .generatePublic(new X509EncodedKeySpec(key.getEncoded())));
            } catch (GeneralSecurityException | IOException unknownHere) {
                // this provider cannot read the key by name; let Bouncy Castle's lookup try
            }
        }
        return builder.build(key);
    }
}
