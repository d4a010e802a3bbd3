package org.estuary.profile.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.estuary.ca.entity.KeyDescription.Family;
import org.estuary.profile.entity.CertificatePolicy;

/**
 * What /csrattrs asks for under a certificate policy (RFC 7030 §4.5, as replaced by RFC 8951 §4),
 * so that a client that follows it passes {@link CsrPolicy}: the required PKCS#10 attributes, the
 * allowed keys when the policy narrows them, and the signature algorithms when it names a hash.
 * A minimum RSA size above 2048 bits has no OID to say it with.
 */
public final class PolicyCsrAttributes {

    private static final Map<String, ASN1ObjectIdentifier> ECDSA = Map.of(
            "SHA-256", X9ObjectIdentifiers.ecdsa_with_SHA256,
            "SHA-384", X9ObjectIdentifiers.ecdsa_with_SHA384,
            "SHA-512", X9ObjectIdentifiers.ecdsa_with_SHA512);

    private static final Map<String, ASN1ObjectIdentifier> RSA = Map.of(
            "SHA-256", PKCSObjectIdentifiers.sha256WithRSAEncryption,
            "SHA-384", PKCSObjectIdentifiers.sha384WithRSAEncryption,
            "SHA-512", PKCSObjectIdentifiers.sha512WithRSAEncryption);

    private PolicyCsrAttributes() {
    }

    /**
     * In the order of RFC 8951 §4's example: the required attribute OIDs, then the keys (an
     * id-ecPublicKey attribute whose values are the allowed curves, rsaEncryption, id-Ed25519,
     * id-Ed448, in the policy's order), then a signature algorithm for each key family that signs
     * with a separate hash. Empty when the policy asks nothing, as the baseline does.
     */
    public static CsrAttrs of(CertificatePolicy policy) {
        List<AttrOrOID> entries = new ArrayList<>();
        policy.requiredCsrAttributes().forEach(type -> entries.add(new AttrOrOID(type)));
        if (policy.restrictsKeys()) {
            for (Family family : policy.keyAlgorithms()) {
                entries.add(switch (family) {
                    case EC -> new AttrOrOID(new Attribute(X9ObjectIdentifiers.id_ecPublicKey, new DERSet(
                            policy.ecCurves().stream().map(NISTNamedCurves::getOID).toArray(ASN1Encodable[]::new))));
                    case RSA -> new AttrOrOID(PKCSObjectIdentifiers.rsaEncryption);
                    case ED25519 -> new AttrOrOID(EdECObjectIdentifiers.id_Ed25519);
                    case ED448 -> new AttrOrOID(EdECObjectIdentifiers.id_Ed448);
                    case OTHER -> throw new IllegalStateException("a policy allows only known key families");
                });
            }
        }
        if (policy.signatureHash() != null) {
            for (Family family : policy.keyAlgorithms()) {
                // Ed25519 and Ed448 hash inside the signature algorithm (RFC 8410 §6): nothing to choose.
                if (family == Family.EC) {
                    entries.add(new AttrOrOID(ECDSA.get(policy.signatureHash())));
                } else if (family == Family.RSA) {
                    entries.add(new AttrOrOID(RSA.get(policy.signatureHash())));
                }
            }
        }
        return new CsrAttrs(entries.toArray(AttrOrOID[]::new));
    }
}
