package org.estuary.enrollment.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estuary.ca.control.LeafTemplate;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.PolicyViolation;
import org.junit.jupiter.api.Test;

class CsrReviewTest {

    private static final Duration YEAR = Duration.ofDays(365);

    @Test
    void takesSubjectAndSubjectAltNamesFromTheRequest() throws Exception {
        GeneralNames names = new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "a.example"),
            new GeneralName(GeneralName.iPAddress, "192.0.2.7")});

        LeafTemplate template = CsrReview.templateFor(csr("CN=a.example", keys("EC", 256), names), YEAR);

        assertEquals(new X500Name("CN=a.example"), template.subject());
        assertEquals(names, template.subjectAltNames());
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth), template.extendedKeyUsages());
        assertEquals(YEAR, template.validity());
    }

    @Test
    void noSubjectAltNamesWhenNoneAreRequested() throws Exception {
        assertNull(CsrReview.templateFor(csr("CN=x", keys("EC", 256), null), YEAR).subjectAltNames());
    }

    @Test
    void refusesRsaKeysUnder2048Bits() throws Exception {
        PolicyViolation refused = assertThrows(PolicyViolation.class,
                () -> CsrReview.templateFor(csr("CN=weak", keys("RSA", 1024), null), YEAR));
        assertEquals("key: RSA 1024 is not accepted (RSA 2048+, EC P-256/P-384/P-521, Ed25519 or Ed448)",
                refused.getMessage());
    }

    @Test
    void acceptsRsa2048AndP384() throws Exception {
        CsrReview.templateFor(csr("CN=rsa", keys("RSA", 2048), null), YEAR);
        CsrReview.templateFor(csr("CN=p384", keys("EC", 384), null), YEAR);
    }

    @Test
    void refusesAnEmptySubjectWithoutSubjectAltName() throws Exception {
        assertThrows(BadRequestBody.class, () -> CsrReview.templateFor(csr("", keys("EC", 256), null), YEAR));
    }

    private static KeyPair keys(String algorithm, int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec(size == 384 ? "secp384r1" : "secp256r1"));
        } else {
            generator.initialize(size);
        }
        return generator.generateKeyPair();
    }

    private static PKCS10CertificationRequest csr(String subject, KeyPair keys, GeneralNames names) throws Exception {
        JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject),
                keys.getPublic());
        if (names != null) {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, names);
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
        }
        String signature = keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate()));
    }
}
