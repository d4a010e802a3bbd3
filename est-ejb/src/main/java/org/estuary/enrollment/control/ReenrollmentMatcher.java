package org.estuary.enrollment.control;

import java.util.Arrays;
import java.util.Comparator;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.NotAuthorized;

/**
 * RFC 7030 §4.2.2: "the Subject field and SubjectAltName extension MUST be identical to the
 * corresponding fields in the certificate being renewed or rekeyed. The ChangeSubjectName
 * attribute, as defined in [RFC6402], MAY be included in the CSR to request that these fields be
 * changed in the new certificate." A new key (rekey) is always allowed.
 */
public final class ReenrollmentMatcher {

    /** id-cmc-changeSubjectName, RFC 6402 §2.11. */
    static final ASN1ObjectIdentifier CHANGE_SUBJECT_NAME = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.7.36");

    private ReenrollmentMatcher() {
    }

    /**
     * Passes when {@code csr} asks for the names of {@code current}, or asks to change them with a
     * ChangeSubjectName whose names are those of {@code current} and the profile allows the change.
     */
    public static void requireSameNames(X509CertificateHolder current, PKCS10CertificationRequest csr,
            boolean changeAllowed) throws NotAuthorized, BadRequestBody {
        GeneralNames currentNames = GeneralNames.fromExtensions(current.getExtensions(), Extension.subjectAlternativeName);
        var changeRequests = csr.getAttributes(CHANGE_SUBJECT_NAME);
        if (changeRequests.length > 0) {
            if (!changeAllowed) {
                throw new NotAuthorized("this profile does not allow a subject name change on re-enrollment");
            }
            requireChangeNamesTheCurrentCertificate(current, currentNames, changeRequests[0].getAttrValues());
            return;
        }
        if (!current.getSubject().equals(csr.getSubject())) {
            throw new NotAuthorized("re-enrollment CSR subject differs from the certificate being renewed");
        }
        if (!sameNames(currentNames, requestedNames(csr))) {
            throw new NotAuthorized("re-enrollment CSR subjectAltName differs from the certificate being renewed");
        }
    }

    /**
     * ChangeSubjectName ::= SEQUENCE { subject Name OPTIONAL, subjectAlt GeneralNames OPTIONAL }
     * carries the names of the certificate being renewed; the CSR itself carries the new ones.
     * A Name is a SEQUENCE of SETs, GeneralNames a SEQUENCE of tagged choices: that tells them apart.
     */
    private static void requireChangeNamesTheCurrentCertificate(X509CertificateHolder current, GeneralNames currentNames,
            ASN1Set values) throws NotAuthorized, BadRequestBody {
        if (values.size() != 1) {
            // RFC 7030 §4.2.2 / RFC 6402 §2.8: the attribute carries exactly one ChangeSubjectName.
            throw new BadRequestBody("ChangeSubjectName attribute is malformed");
        }
        boolean matches;
        try {
            matches = true;
            for (ASN1Encodable element : ASN1Sequence.getInstance(values.getObjectAt(0))) {
                ASN1Sequence names = ASN1Sequence.getInstance(element);
                boolean generalNames = names.size() > 0 && names.getObjectAt(0) instanceof ASN1TaggedObject;
                matches &= generalNames
                        ? sameNames(currentNames, GeneralNames.getInstance(names))
                        : current.getSubject().equals(X500Name.getInstance(names));
            }
        } catch (IllegalArgumentException | IllegalStateException malformed) {
            throw new BadRequestBody("ChangeSubjectName attribute is malformed");
        }
        if (!matches) {
            throw new NotAuthorized("ChangeSubjectName does not name the certificate being renewed");
        }
    }

    private static GeneralNames requestedNames(PKCS10CertificationRequest csr) throws BadRequestBody {
        try {
            Extensions requested = csr.getRequestedExtensions();
            return requested == null ? null : GeneralNames.fromExtensions(requested, Extension.subjectAlternativeName);
        } catch (RuntimeException malformed) {
            throw new BadRequestBody("CSR extensionRequest attribute is malformed");
        }
    }

    /** The same set of names, whatever their order. */
    static boolean sameNames(GeneralNames a, GeneralNames b) {
        return Arrays.equals(sorted(a), sorted(b));
    }

    private static String[] sorted(GeneralNames names) {
        if (names == null) {
            return new String[0];
        }
        return Arrays.stream(names.getNames()).map(GeneralName::toString).sorted(Comparator.naturalOrder())
                .toArray(String[]::new);
    }
}
