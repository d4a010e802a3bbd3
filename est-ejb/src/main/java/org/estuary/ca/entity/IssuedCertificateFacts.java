package org.estuary.ca.entity;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** What we record of a signed certificate, read from the certificate itself. */
public record IssuedCertificateFacts(String issuerId, String serialNumber, String subjectDn, String commonName,
        String subjectAltNames, String keyAlgorithm, LocalDateTime notBefore, LocalDateTime notAfter, byte[] der) {

    /** The width of {@code issued_certificate.subject_alt_names}. */
    static final int SUBJECT_ALT_NAMES_COLUMN = 4000;

    private static final String[] GENERAL_NAME_TAGS = {"otherName", "email", "DNS", "x400", "dirName", "ediParty",
        "URI", "IP", "registeredID"};

    public static IssuedCertificateFacts of(String issuerId, X509Certificate certificate) {
        try {
            return new IssuedCertificateFacts(issuerId,
                    certificate.getSerialNumber().toString(16),
                    certificate.getSubjectX500Principal().getName(),
                    commonNameOf(certificate),
                    subjectAltNamesOf(certificate),
                    KeyDescription.of(SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())).toString(),
                    utc(certificate.getNotBefore()),
                    utc(certificate.getNotAfter()),
                    certificate.getEncoded());
        } catch (CertificateEncodingException | CertificateParsingException unexpected) {
            throw new IllegalStateException("cannot read a certificate we just signed", unexpected);
        }
    }

    private static String commonNameOf(X509Certificate certificate) {
        return commonNameOf(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
    }

    /** The first common name of {@code subject}, or null when it has none. */
    public static String commonNameOf(X500Name subject) {
        RDN[] commonNames = subject.getRDNs(BCStyle.CN);
        return commonNames.length == 0 ? null : IETFUtils.valueToString(commonNames[0].getFirst().getValue());
    }

    private static String subjectAltNamesOf(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return null;
        }
        StringJoiner joined = new StringJoiner(", ");
        for (List<?> name : names) {
            int tag = (Integer) name.get(0);
            Object value = name.get(1);
            joined.add(GENERAL_NAME_TAGS[tag] + ":" + (value instanceof String text ? text : "(binary)"));
        }
        // A search aid: the certificate's DER, recorded beside it, holds every name.
        String text = joined.toString();
        return text.length() <= SUBJECT_ALT_NAMES_COLUMN ? text : text.substring(0, SUBJECT_ALT_NAMES_COLUMN - 1) + "…";
    }

    private static LocalDateTime utc(java.util.Date date) {
        return LocalDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC);
    }
}
