package org.estuary.bench;

import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;

/**
 * Judges a 200 answer to simpleenroll: RFC 7030 §4.2.3 says it is a certs-only PKCS#7 (a CMS
 * SignedData without signers), base64, whose certificate certifies the key the CSR carried.
 */
final class EnrollAnswer {

    /** Error kinds, as the error column tallies them beside HTTP statuses. */
    static final String NOT_BASE64 = "not-base64";
    static final String NOT_PKCS7 = "not-pkcs7";
    static final String NOT_CERTS_ONLY = "not-certs-only";
    static final String KEY_MISMATCH = "key-mismatch";

    private EnrollAnswer() {
    }

    /** Null when the answer is right; otherwise the kind of error. */
    static String problemWith(byte[] base64Body, byte[] expectedPublicKey) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64Body);
        } catch (IllegalArgumentException notBase64) {
            return NOT_BASE64;
        }
        Collection<X509CertificateHolder> certificates;
        try {
            CMSSignedData signedData = new CMSSignedData(der);
            if (!signedData.getSignerInfos().getSigners().isEmpty()) {
                return NOT_CERTS_ONLY;
            }
            certificates = signedData.getCertificates().getMatches(null);
        } catch (Exception notPkcs7) {
            return NOT_PKCS7;
        }
        if (certificates.isEmpty()) {
            return NOT_CERTS_ONLY;
        }
        // The server puts the new certificate first (it answers with that one alone).
        byte[] certified;
        try {
            certified = certificates.iterator().next().getSubjectPublicKeyInfo().getEncoded();
        } catch (java.io.IOException unencodable) {
            return NOT_PKCS7;
        }
        return Arrays.equals(certified, expectedPublicKey) ? null : KEY_MISMATCH;
    }
}
