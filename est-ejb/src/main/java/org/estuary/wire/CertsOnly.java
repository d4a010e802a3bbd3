package org.estuary.wire;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * The "certs-only" CMS SignedData of RFC 7030 §4.1.3 and §4.2.3: no content, no signers, just a
 * bag of certificates (the degenerate PKCS#7 of RFC 5751 §3.2.2).
 */
public final class CertsOnly {

    /** The media type, spelled as clients match it (RFC 7030 §4.1.3, with the space). */
    public static final String MEDIA_TYPE = "application/pkcs7-mime; smime-type=certs-only";

    private CertsOnly() {
    }

    /**
     * A certs-only SignedData carrying {@code certificates} in the given order, definite-length
     * encoded. Not DER: DER would sort the certificate SET by encoding, and clients that read the
     * first certificate as theirs (or the issuing CA) need our order kept.
     */
    public static byte[] encode(List<X509Certificate> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates));
            return generator.generate(new CMSAbsentContent()).getEncoded(ASN1Encoding.DL);
        } catch (CertificateEncodingException | CMSException | IOException unexpected) {
            throw new IllegalStateException("cannot encode certs-only SignedData", unexpected);
        }
    }

    /** The certificates in a certs-only SignedData. */
    public static List<X509Certificate> decode(byte[] der) throws MalformedMessage {
        try {
            CMSSignedData signedData = new CMSSignedData(der);
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            List<X509Certificate> certificates = new ArrayList<>();
            for (X509CertificateHolder holder : signedData.getCertificates().getMatches(null)) {
                certificates.add(converter.getCertificate(holder));
            }
            return certificates;
        } catch (CMSException | CertificateException | RuntimeException notCertsOnly) {
            throw new MalformedMessage("not a PKCS#7 certs-only structure");
        }
    }
}
