package org.estuary.revocation.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.estuary.ca.control.CaKey;
import org.estuary.ca.control.CaRollover;
import org.estuary.ca.control.LeafTemplate;
import org.estuary.ca.control.LocalIssuer;
import org.estuary.ca.control.SerialNumbers;
import org.estuary.ca.control.TestCa;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.revocation.entity.RevocationReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that after a CA key rollover the OCSP responder (RFC 6960 §4.2.2.2: the CA that issued the
 * certificate signs) answers with the key the request's CertID names by its issuer key hash: a CertID made
 * from the old CA certificate gets an answer signed by the old key carrying the old certificate, one made from
 * the new certificate an answer signed by the new key carrying NewWithNew (in SHA-1 and SHA-256 CertIDs alike),
 * and a CertID of an issuer that is neither an answer signed by the newest key saying unknown. In a request
 * naming both keys only what the signing key signed is answered from the record.
 */
class OcspResponderRolloverTest {

    private static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);

    @TempDir
    Path dir;

    private final Map<BigInteger, IssuedCertificate> records = new HashMap<>();
    private X509Certificate oldCertificate;
    private X509Certificate newCertificate;
    private X509Certificate oldLeaf;
    private X509Certificate newLeaf;
    private List<CaKey> keys;

    @BeforeEach
    void rolledOverCa() throws Exception {
        KeyPair caKeys = TestCa.ecKeys("secp256r1");
        oldCertificate = TestCa.caCertificate(caKeys, RevocationTestCa.NOW.plus(Duration.ofDays(3650)), true);
        Path keystore = TestCa.write(dir, caKeys, oldCertificate);
        oldLeaf = recorded(load(keystore).issue(template("before-rollover")));

        newCertificate = CaRollover.rollOver(keystore, dir.resolve("ca.password"), null,
                Clock.fixed(RevocationTestCa.NOW, ZoneOffset.UTC)).newWithNew();
        LocalIssuer rolled = load(keystore);
        newLeaf = recorded(rolled.issue(template("after-rollover")));
        keys = rolled.keys();
        assertEquals(List.of(2, 1), keys.stream().map(CaKey::generation).toList());
        oldLeaf.verify(oldCertificate.getPublicKey());
        newLeaf.verify(newCertificate.getPublicKey());
    }

    @Test
    void aCertIdOfTheOldCaCertificateIsAnsweredByTheOldKeyWithTheOldCertificate() throws Exception {
        for (AlgorithmIdentifier hash : List.of(CertificateID.HASH_SHA1, SHA256)) {
            BasicOCSPResp basic = answer(new OCSPReqBuilder().addRequest(certId(hash, oldCertificate, oldLeaf.getSerialNumber())));

            assertSignedBy(basic, oldCertificate.getPublicKey(), newCertificate.getPublicKey());
            assertEquals(1, basic.getCerts().length);
            assertEquals(new JcaX509CertificateHolder(oldCertificate), basic.getCerts()[0]);
            assertEquals(new X500Name(oldCertificate.getSubjectX500Principal().getName()),
                    basic.getResponderId().toASN1Primitive().getName());
            assertEquals(CertificateStatus.GOOD, basic.getResponses()[0].getCertStatus());
            assertEquals(oldLeaf.getSerialNumber(), basic.getResponses()[0].getCertID().getSerialNumber());
        }
    }

    @Test
    void aCertIdOfTheNewCaCertificateIsAnsweredByTheNewKeyWithNewWithNew() throws Exception {
        for (AlgorithmIdentifier hash : List.of(CertificateID.HASH_SHA1, SHA256)) {
            BasicOCSPResp basic = answer(new OCSPReqBuilder().addRequest(certId(hash, newCertificate, newLeaf.getSerialNumber())));

            assertSignedBy(basic, newCertificate.getPublicKey(), oldCertificate.getPublicKey());
            assertEquals(1, basic.getCerts().length);
            assertEquals(new JcaX509CertificateHolder(newCertificate), basic.getCerts()[0]);
            assertEquals(CertificateStatus.GOOD, basic.getResponses()[0].getCertStatus());
        }
    }

    @Test
    void aRevokedCertificateOfTheOldKeyIsAnsweredRevokedByTheOldKey() throws Exception {
        LocalDateTime revokedAt = LocalDateTime.ofInstant(RevocationTestCa.NOW.minusSeconds(600), ZoneOffset.UTC);
        records.get(oldLeaf.getSerialNumber()).revoke(RevocationReason.KEY_COMPROMISE, revokedAt);

        BasicOCSPResp basic = answer(new OCSPReqBuilder().addRequest(
                certId(CertificateID.HASH_SHA1, oldCertificate, oldLeaf.getSerialNumber())));

        assertSignedBy(basic, oldCertificate.getPublicKey(), newCertificate.getPublicKey());
        RevokedStatus revoked = assertInstanceOf(RevokedStatus.class, basic.getResponses()[0].getCertStatus());
        assertEquals(revokedAt.toInstant(ZoneOffset.UTC), revoked.getRevocationTime().toInstant());
        assertEquals(1, revoked.getRevocationReason(), "keyCompromise");
    }

    @Test
    void aCertIdOfAnUnknownIssuerIsAnsweredUnknownByTheNewestKey() throws Exception {
        KeyPair strangerKeys = TestCa.ecKeys("secp256r1");
        X509Certificate stranger = TestCa.caCertificate(strangerKeys, RevocationTestCa.NOW.plus(Duration.ofDays(30)), true);

        BasicOCSPResp basic = answer(new OCSPReqBuilder().addRequest(
                certId(CertificateID.HASH_SHA1, stranger, oldLeaf.getSerialNumber())));

        assertSignedBy(basic, newCertificate.getPublicKey(), oldCertificate.getPublicKey());
        assertEquals(new JcaX509CertificateHolder(newCertificate), basic.getCerts()[0]);
        assertInstanceOf(UnknownStatus.class, basic.getResponses()[0].getCertStatus());
    }

    @Test
    void inARequestNamingBothKeysTheFirstCertIdChoosesTheSignerAndTheOtherKeysCertIdIsUnknown() throws Exception {
        BasicOCSPResp basic = answer(new OCSPReqBuilder()
                .addRequest(certId(CertificateID.HASH_SHA1, oldCertificate, oldLeaf.getSerialNumber()))
                .addRequest(certId(CertificateID.HASH_SHA1, newCertificate, newLeaf.getSerialNumber())));

        assertSignedBy(basic, oldCertificate.getPublicKey(), newCertificate.getPublicKey());
        assertEquals(CertificateStatus.GOOD, basic.getResponses()[0].getCertStatus());
        assertInstanceOf(UnknownStatus.class, basic.getResponses()[1].getCertStatus(),
                "the old key does not speak for what the new key signed");
    }

    private LocalIssuer load(Path keystore) {
        return LocalIssuer.load("iss-test", keystore, dir.resolve("ca.password"), null, new BouncyCastleProvider(),
                new SerialNumbers(new SecureRandom()), Clock.fixed(RevocationTestCa.NOW, ZoneOffset.UTC));
    }

    private static LeafTemplate template(String commonName) throws Exception {
        return new LeafTemplate(new X500Name("CN=" + commonName),
                SubjectPublicKeyInfo.getInstance(TestCa.ecKeys("secp256r1").getPublic().getEncoded()), null,
                Duration.ofDays(30), List.of(KeyPurposeId.id_kp_clientAuth), false);
    }

    private X509Certificate recorded(X509Certificate leaf) {
        records.put(leaf.getSerialNumber(), RevocationTestCa.recordOf(leaf));
        return leaf;
    }

    private static CertificateID certId(AlgorithmIdentifier hash, X509Certificate issuer, BigInteger serial) throws Exception {
        X509CertificateHolder holder = new JcaX509CertificateHolder(issuer);
        return new CertificateID(new BcDigestCalculatorProvider().get(hash), holder, serial);
    }

    private BasicOCSPResp answer(OCSPReqBuilder request) throws Exception {
        OcspResponder.Answer answer = OcspResponder.answer(request.build().getEncoded(), "iss-test", keys,
                serial -> Optional.ofNullable(records.get(serial)), RevocationTestCa.NOW);
        assertFalse(answer.malformed());
        OCSPResp response = new OCSPResp(answer.der());
        assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
        return (BasicOCSPResp) response.getResponseObject();
    }

    private static void assertSignedBy(BasicOCSPResp basic, PublicKey signer, PublicKey notSigner) throws Exception {
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer)), "signed by the expected key");
        assertFalse(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(notSigner)), "not by the other key");
    }
}
