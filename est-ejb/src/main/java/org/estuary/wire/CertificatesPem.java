package org.estuary.wire;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** Certificates as PEM text (RFC 7468 §5): one {@code CERTIFICATE} block each, 64 characters a line. */
public final class CertificatesPem {

    private CertificatesPem() {
    }

    public static String of(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    public static String of(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(of(certificate.getEncoded()));
            } catch (CertificateEncodingException unencodable) {
                throw new IllegalArgumentException("a certificate that cannot be encoded", unencodable);
            }
        }
        return pem.toString();
    }
}
