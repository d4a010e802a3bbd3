package org.estuary.deploy;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** The EST messages the smoke suite writes (PKCS#10) and reads (certs-only PKCS#7, DER CRLs). */
final class EstMessages {

    private EstMessages() {
    }

    static KeyPair ecP256() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** RFC 7030 §4.2.1: the body of an enrollment, a PKCS#10 request base64-encoded (its DER). */
    static String csrBase64(X500Name subject, KeyPair keys) throws OperatorCreationException, IOException {
        byte[] der = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        return Base64.getMimeEncoder().encodeToString(der);
    }

    /**
     * RFC 7030 §4.1.3 and §4.2.3: a base64 certs-only CMC Simple PKI Response, a CMS SignedData with no
     * signers whose certificates are the answer. Line breaks in the base64 are allowed (RFC 8951 §3.1).
     */
    static List<X509Certificate> certsOnly(String base64Body) throws CMSException, GeneralSecurityException {
        CMSSignedData signedData = new CMSSignedData(Base64.getMimeDecoder().decode(base64Body.strip()));
        if (!signedData.getSignerInfos().getSigners().isEmpty()) {
            throw new GeneralSecurityException("a certs-only response has no signers, this one has "
                    + signedData.getSignerInfos().size());
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (X509CertificateHolder holder : signedData.getCertificates().getMatches(null)) {
            certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
        return certificates;
    }

    static X509CRLHolder crl(byte[] der) throws IOException {
        return new X509CRLHolder(der);
    }
}
