package org.estuary.profile.control;

import java.io.IOException;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.estuary.ca.entity.IssuedCertificateFacts;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.PolicyViolation;

/** The bounds within which a leaf's names can be issued and recorded, whatever the certificate profile allows. */
final class RecordableNames {

    static final int MAX_SUBJECT_CHARACTERS = 1024;
    static final int MAX_COMMON_NAME_CHARACTERS = 256;
    static final int MAX_SUBJECT_ALT_NAMES = 100;
    static final int MAX_SUBJECT_ALT_NAME_BYTES = 8192;

    private RecordableNames() {
    }

    /**
     * Refuses, before anything is signed, names too large to issue and record: a subject longer than
     * {@value #MAX_SUBJECT_CHARACTERS} characters (its RFC 4514 text is what we record), a common name
     * longer than {@value #MAX_COMMON_NAME_CHARACTERS}, more than {@value #MAX_SUBJECT_ALT_NAMES}
     * subjectAltNames or more than {@value #MAX_SUBJECT_ALT_NAME_BYTES} bytes of them. RFC 5280 bounds a
     * common name at 64 characters (ub-common-name); the cap here is wider for devices that exceed it.
     */
    static void require(X500Name subject, GeneralNames subjectAltNames)
            throws PolicyViolation, BadRequestBody {
        String commonName = IssuedCertificateFacts.commonNameOf(subject);
        if (commonName != null && commonName.length() > MAX_COMMON_NAME_CHARACTERS) {
            throw new PolicyViolation(CsrPolicy.SUBJECT, "CN longer than " + MAX_COMMON_NAME_CHARACTERS + " characters");
        }
        try {
            if (new X500Principal(subject.getEncoded()).getName().length() > MAX_SUBJECT_CHARACTERS) {
                throw new PolicyViolation(CsrPolicy.SUBJECT, "subject longer than " + MAX_SUBJECT_CHARACTERS + " characters");
            }
            if (subjectAltNames != null && (subjectAltNames.getNames().length > MAX_SUBJECT_ALT_NAMES
                    || subjectAltNames.getEncoded().length > MAX_SUBJECT_ALT_NAME_BYTES)) {
                throw new PolicyViolation(CsrPolicy.SAN, "more than " + MAX_SUBJECT_ALT_NAMES + " names or "
                        + MAX_SUBJECT_ALT_NAME_BYTES + " bytes");
            }
        } catch (IOException malformed) {
            throw new BadRequestBody("CSR subject is malformed");
        }
    }
}
