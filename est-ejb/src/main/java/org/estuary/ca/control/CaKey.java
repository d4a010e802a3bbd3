package org.estuary.ca.control;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.estuary.ca.entity.KeyDescription;

/**
 * One key of a CA and its own certificate: the first key the CA had (generation 1) or one a rollover
 * made (RFC 4210 §4.4, RFC 7030 §4.1.3). Each key signs the CRL and OCSP answers for what it signed;
 * its CRL is published as {@link #crlId}. The private key is a handle for signing, never printed.
 */
public final class CaKey {

    /** Between an issuer id and a generation in a CRL's name: {@code iss-local.g2}. Issuer ids have no dot. */
    static final String GENERATION_MARK = ".g";

    private final int generation;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Provider provider;
    private final String signatureAlgorithm;

    CaKey(int generation, X509Certificate certificate, PrivateKey key, Provider provider) {
        this.generation = generation;
        this.certificate = certificate;
        this.key = key;
        this.provider = provider;
        this.signatureAlgorithm = signatureAlgorithmFor(LeafCertificateBuilder.holderOf(certificate).getSubjectPublicKeyInfo());
    }

    public int generation() {
        return generation;
    }

    /** This key's own certificate: the CA certificate for generation 1, the NewWithNew one for later keys. */
    public X509Certificate certificate() {
        return certificate;
    }

    PrivateKey privateKey() {
        return key;
    }

    /** A signer with this key, with the signature algorithm fitting it. */
    public ContentSigner signer() {
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider).build(key);
        } catch (OperatorCreationException unusable) {
            throw new IllegalStateException("cannot sign with " + signatureAlgorithm + " and the key of "
                    + certificate.getSubjectX500Principal(), unusable);
        }
    }

    /** The name this key's CRL is published under: the issuer id for generation 1, {@code <issuerId>.g<n>} after. */
    public String crlId(String issuerId) {
        return generation == 1 ? issuerId : issuerId + GENERATION_MARK + generation;
    }

    /** The issuer id and generation a CRL name stands for: {@code iss-local} → (iss-local, 1), {@code iss-local.g2} → (iss-local, 2). */
    public static Optional<Named> parseCrlId(String crlId) {
        int mark = crlId.lastIndexOf(GENERATION_MARK);
        if (mark < 0) {
            return Optional.of(new Named(crlId, 1));
        }
        String number = crlId.substring(mark + GENERATION_MARK.length());
        if (!number.matches("[1-9][0-9]{0,5}") || number.equals("1")) {
            return Optional.empty();
        }
        return Optional.of(new Named(crlId.substring(0, mark), Integer.parseInt(number)));
    }

    /** An issuer id and one of its key generations. */
    public record Named(String issuerId, int generation) {
    }

    static String signatureAlgorithmFor(SubjectPublicKeyInfo caKey) {
        KeyDescription description = KeyDescription.of(caKey);
        return switch (description.family()) {
            case RSA -> description.bits() >= 4096 ? "SHA384withRSA" : "SHA256withRSA";
            case EC -> switch (description.bits()) {
                case 384 -> "SHA384withECDSA";
                case 521 -> "SHA512withECDSA";
                default -> "SHA256withECDSA";
            };
            case ED25519 -> "Ed25519";
            case ED448 -> "Ed448";
            case OTHER -> throw new IllegalStateException("unsupported CA key: " + description);
        };
    }

    @Override
    public String toString() {
        return "CA key generation " + generation + " of " + certificate.getSubjectX500Principal();
    }
}
