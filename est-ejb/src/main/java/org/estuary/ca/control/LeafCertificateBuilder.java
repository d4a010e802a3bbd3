package org.estuary.ca.control;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.estuary.ca.entity.KeyDescription;

/**
 * Builds and signs one leaf certificate under a CA certificate (RFC 5280 profile):
 * basic constraints cA=FALSE, key usage that fits the key, the template's extended key usages,
 * SKI (RFC 5280 §4.2.1.2 method 1) and AKI (the CA's own SKI), SANs from the template
 * (critical when the subject is empty, RFC 5280 §4.2.1.6), and the TLS Feature extension when the
 * template asks for must-staple (RFC 7633), and where the issuer publishes revocation status when it
 * does (cRLDistributionPoints, RFC 5280 §4.2.1.13; authorityInfoAccess id-ad-ocsp, §4.2.2.1).
 */
public final class LeafCertificateBuilder {

    /** How far notBefore is set back, for devices whose clocks run a little behind. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /** id-pe-tlsfeature, { id-pe 24 } (RFC 7633). */
    static final ASN1ObjectIdentifier TLS_FEATURE = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.24");

    /** The TLS extension number of status_request (RFC 6066 §8), the one feature must-staple names. */
    private static final int STATUS_REQUEST = 5;

    private static final BcX509ExtensionUtils EXTENSION_UTILS = new BcX509ExtensionUtils();

    private LeafCertificateBuilder() {
    }

    /**
     * The issuer name is the CA certificate's subject, byte for byte (RFC 5280 §7.1 name chaining);
     * notAfter never passes the CA's own notAfter, so a leaf never outlives its CA.
     *
     * @param revocationPointers the CRL and OCSP URLs the leaf names, or null for none
     */
    public static X509CertificateHolder build(LeafTemplate template, X509CertificateHolder ca, BigInteger serial,
            Instant now, ContentSigner signer, RevocationPointers revocationPointers) {
        Instant notBefore = now.minus(CLOCK_SKEW);
        Instant notAfter = now.plus(template.validity());
        Instant caNotAfter = ca.getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(ca.getSubject(), serial,
                Date.from(notBefore), Date.from(notAfter), template.subject(), template.publicKey());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, keyUsageFor(template.publicKey()));
            if (!template.extendedKeyUsages().isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(template.extendedKeyUsages().toArray(KeyPurposeId[]::new)));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyIdentifier(template.publicKey()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(ca));
            if (template.subjectAltNames() != null) {
                boolean emptySubject = template.subject().getRDNs().length == 0;
                builder.addExtension(Extension.subjectAlternativeName, emptySubject, template.subjectAltNames());
            }
            if (template.mustStaple()) {
                // RFC 7633 §4: "Features ::= SEQUENCE OF INTEGER", not critical so that relying parties that
                // do not know the extension still accept the certificate.
                builder.addExtension(TLS_FEATURE, false, new DERSequence(new ASN1Integer(STATUS_REQUEST)));
            }
            if (revocationPointers != null) {
                addRevocationPointers(builder, revocationPointers);
            }
        } catch (CertIOException unexpected) {
            throw new IllegalStateException("cannot encode certificate extensions", unexpected);
        }
        return builder.build(signer);
    }

    public static X509CertificateHolder holderOf(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (CertificateEncodingException | IOException unexpected) {
            throw new IllegalStateException("cannot read certificate " + certificate.getSubjectX500Principal(), unexpected);
        }
    }

    /** RFC 5280 §4.2.1.3: signature keys sign; RSA keys may also carry TLS 1.2 key transport. */
    static KeyUsage keyUsageFor(SubjectPublicKeyInfo key) {
        KeyDescription description = KeyDescription.of(key);
        if (description.family() == KeyDescription.Family.RSA) {
            return new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
        }
        return new KeyUsage(KeyUsage.digitalSignature);
    }

    /** RFC 5280 §4.2.1.2 method 1: the SHA-1 of the key's bits. */
    static SubjectKeyIdentifier subjectKeyIdentifier(SubjectPublicKeyInfo key) {
        return EXTENSION_UTILS.createSubjectKeyIdentifier(key);
    }

    private static void addRevocationPointers(X509v3CertificateBuilder builder, RevocationPointers pointers)
            throws CertIOException {
        GeneralName crl = new GeneralName(GeneralName.uniformResourceIdentifier, pointers.crl().toString());
        builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(new GeneralNames(crl)), null, null)}));
        GeneralName ocsp = new GeneralName(GeneralName.uniformResourceIdentifier, pointers.ocsp().toString());
        builder.addExtension(Extension.authorityInfoAccess, false,
                new AuthorityInformationAccess(new AccessDescription(AccessDescription.id_ad_ocsp, ocsp)));
    }

    /** The AKI of what {@code ca} signs: its own SKI, or one computed from its key when it has none (RFC 5280 §4.2.1.1). */
    public static AuthorityKeyIdentifier authorityKeyIdentifier(X509CertificateHolder ca) {
        SubjectKeyIdentifier caKeyId = SubjectKeyIdentifier.fromExtensions(ca.getExtensions());
        byte[] keyIdentifier = caKeyId != null
                ? caKeyId.getKeyIdentifier()
                : subjectKeyIdentifier(ca.getSubjectPublicKeyInfo()).getKeyIdentifier();
        return new AuthorityKeyIdentifier(keyIdentifier);
    }
}
