package org.estuary.enrollment.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.NotAuthorized;
import org.junit.jupiter.api.Test;

class ReenrollmentMatcherTest {

    private static final X500Name CURRENT = new X500Name("CN=device-1");

    @Test
    void theSameSubjectRenews() throws Exception {
        assertDoesNotThrow(() -> ReenrollmentMatcher.requireSameNames(current(), csr(CURRENT), false));
    }

    @Test
    void anotherSubjectIsRefusedWithoutChangeSubjectName() throws Exception {
        assertThrows(NotAuthorized.class, () -> ReenrollmentMatcher.requireSameNames(current(),
                csr(new X500Name("CN=device-2")), true));
    }

    @Test
    void changeSubjectNameNamingTheCurrentCertificateRenamesIt() throws Exception {
        PKCS10CertificationRequest renamed = csr(new X500Name("CN=device-2"),
                new Attribute(ReenrollmentMatcher.CHANGE_SUBJECT_NAME, new DERSet(new DERSequence(CURRENT))));

        assertDoesNotThrow(() -> ReenrollmentMatcher.requireSameNames(current(), renamed, true));
        assertThrows(NotAuthorized.class, () -> ReenrollmentMatcher.requireSameNames(current(), renamed, false));
    }

    @Test
    void changeSubjectNameWithoutAValueIsABadRequest() throws Exception {
        PKCS10CertificationRequest empty = csr(new X500Name("CN=device-2"),
                new Attribute(ReenrollmentMatcher.CHANGE_SUBJECT_NAME, new DERSet(new ASN1Encodable[0])));

        BadRequestBody refused = assertThrows(BadRequestBody.class,
                () -> ReenrollmentMatcher.requireSameNames(current(), empty, true));
        assertEquals("ChangeSubjectName attribute is malformed", refused.getMessage());
    }

    private static X509CertificateHolder current() throws Exception {
        KeyPair keys = ec();
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(CURRENT, BigInteger.TEN, Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(3600)), CURRENT, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    }

    /** A CSR built field by field, so that an attribute with an empty SET of values can be expressed; unsigned. */
    private static PKCS10CertificationRequest csr(X500Name subject, Attribute... attributes) throws Exception {
        CertificationRequestInfo info = new CertificationRequestInfo(subject,
                SubjectPublicKeyInfo.getInstance(ec().getPublic().getEncoded()), new DERSet(attributes));
        return new PKCS10CertificationRequest(new CertificationRequest(info,
                new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256),
                new DERBitString(new byte[8])));
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
