package org.estuary.ca.entity;

import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * What kind of public key a request or certificate carries: family (RSA, EC, Ed25519, Ed448) and
 * size or curve. Unknown algorithms are described by their OID and belong to family OTHER.
 */
public record KeyDescription(Family family, int bits, String curve) {

    public enum Family {
        RSA("RSA"), EC("EC"), ED25519("Ed25519"), ED448("Ed448"), OTHER("other");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        /** How configuration and messages spell the family: RSA, EC, Ed25519, Ed448. */
        public String label() {
            return label;
        }
    }

    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384",
            SECObjectIdentifiers.secp521r1, "P-521");

    private static final Map<String, Integer> CURVE_BITS = Map.of("P-256", 256, "P-384", 384, "P-521", 521);

    public static KeyDescription of(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            try {
                int bits = RSAPublicKey.getInstance(key.parsePublicKey()).getModulus().bitLength();
                return new KeyDescription(Family.RSA, bits, null);
            } catch (java.io.IOException | RuntimeException malformed) {
                return new KeyDescription(Family.OTHER, 0, "malformed RSA key");
            }
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            Object parameters = key.getAlgorithm().getParameters();
            if (parameters instanceof ASN1ObjectIdentifier namedCurve) {
                String curve = CURVES.getOrDefault(namedCurve, namedCurve.getId());
                return new KeyDescription(Family.EC, CURVE_BITS.getOrDefault(curve, 0), curve);
            }
            return new KeyDescription(Family.EC, 0, "explicit parameters");
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
            return new KeyDescription(Family.ED25519, 256, null);
        }
        if (EdECObjectIdentifiers.id_Ed448.equals(algorithm)) {
            return new KeyDescription(Family.ED448, 456, null);
        }
        return new KeyDescription(Family.OTHER, 0, algorithm.getId());
    }

    /** Short text such as "EC P-256", "RSA 3072" or "Ed25519". */
    @Override
    public String toString() {
        return switch (family) {
            case RSA -> "RSA " + bits;
            case EC -> "EC " + curve;
            case ED25519, ED448 -> family.label();
            case OTHER -> "unsupported " + curve;
        };
    }
}
