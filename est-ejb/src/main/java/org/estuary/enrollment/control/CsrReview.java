package org.estuary.enrollment.control;

import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.ca.control.LeafTemplate;
import org.estuary.ca.entity.KeyDescription;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.PolicyViolation;

/**
 * Turns a verified CSR into the leaf it may have: the subject as requested, the SANs of its
 * extensionRequest (PKCS#9, RFC 2985 §5.4.2), clientAuth, and the baseline key floor that holds
 * for every profile: RSA of 2048 to 16384 bits, EC on P-256, P-384 or P-521, Ed25519, Ed448.
 * Other requested extensions are not copied: the CA decides key usage and constraints.
 */
public final class CsrReview {

    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 16384;

    private CsrReview() {
    }

    public static LeafTemplate templateFor(PKCS10CertificationRequest csr, Duration validity)
            throws BadRequestBody, PolicyViolation {
        return templateFor(csr, csr.getSubjectPublicKeyInfo(), validity);
    }

    /** As {@link #templateFor(PKCS10CertificationRequest, Duration)}, certifying {@code key} instead of the CSR's own (serverkeygen). */
    public static LeafTemplate templateFor(PKCS10CertificationRequest csr, SubjectPublicKeyInfo key, Duration validity)
            throws BadRequestBody, PolicyViolation {
        requireAcceptableKey(KeyDescription.of(key));
        GeneralNames subjectAltNames = requestedSubjectAltNames(csr);
        if (csr.getSubject().getRDNs().length == 0 && subjectAltNames == null) {
            throw new BadRequestBody("CSR has an empty subject and no subjectAltName");
        }
        return new LeafTemplate(csr.getSubject(), key, subjectAltNames, validity, List.of(KeyPurposeId.id_kp_clientAuth),
                false);
    }

    private static void requireAcceptableKey(KeyDescription key) throws PolicyViolation {
        boolean acceptable = switch (key.family()) {
            case RSA -> key.bits() >= MIN_RSA_BITS && key.bits() <= MAX_RSA_BITS;
            case EC -> key.bits() > 0;
            case ED25519, ED448 -> true;
            case OTHER -> false;
        };
        if (!acceptable) {
            throw new PolicyViolation("key", key + " is not accepted (RSA " + MIN_RSA_BITS
                    + "+, EC P-256/P-384/P-521, Ed25519 or Ed448)");
        }
    }

    private static GeneralNames requestedSubjectAltNames(PKCS10CertificationRequest csr) throws BadRequestBody {
        try {
            Extensions requested = csr.getRequestedExtensions();
            return requested == null ? null : GeneralNames.fromExtensions(requested, Extension.subjectAlternativeName);
        } catch (RuntimeException malformed) {
            throw new BadRequestBody("CSR extensionRequest attribute is malformed");
        }
    }
}
