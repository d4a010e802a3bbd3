package org.estuary.revocation.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.revocation.entity.RevocationReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcspResponderTest {

    private static final LocalDateTime REVOKED_AT = LocalDateTime.of(2026, 11, 27, 9, 30, 0);

    @TempDir
    Path dir;

    @TempDir
    Path otherDir;

    private RevocationTestCa ca;
    private final Map<BigInteger, IssuedCertificate> records = new HashMap<>();

    @BeforeEach
    void newCa() throws Exception {
        ca = new RevocationTestCa(dir);
    }

    @Test
    void aCertificateOnRecordAndNotRevokedIsGoodInAResponseSignedByTheCaItself() throws Exception {
        X509Certificate leaf = recorded("good");

        OcspResponder.Answer answer = answer(request(CertificateID.HASH_SHA1, leaf.getSerialNumber()).build());

        assertFalse(answer.malformed());
        OCSPResp response = new OCSPResp(answer.der());
        assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.certificate.getPublicKey())));
        assertEquals(new X500Name(ca.certificate.getSubjectX500Principal().getName()), basic.getResponderId().toASN1Primitive()
                .getName());
        assertEquals(new JcaX509CertificateHolder(ca.certificate), basic.getCerts()[0]);
        SingleResp single = basic.getResponses()[0];
        assertEquals(CertificateStatus.GOOD, single.getCertStatus());
        assertEquals(leaf.getSerialNumber(), single.getCertID().getSerialNumber());
        assertEquals(RevocationTestCa.NOW, single.getThisUpdate().toInstant());
        assertNull(single.getNextUpdate());
    }

    @Test
    void aRevokedCertificateIsRevokedWithItsTimeAndReasonAlsoForSha256CertIds() throws Exception {
        X509Certificate compromised = recorded("compromised");
        records.get(compromised.getSerialNumber()).revoke(RevocationReason.KEY_COMPROMISE, REVOKED_AT);
        X509Certificate unspecified = recorded("unspecified");
        records.get(unspecified.getSerialNumber()).revoke(RevocationReason.UNSPECIFIED, REVOKED_AT);

        BasicOCSPResp basic = basicOf(answer(request(CertificateID.HASH_SHA1, compromised.getSerialNumber())
                .addRequest(certificateId(sha256(), unspecified.getSerialNumber())).build()));

        RevokedStatus first = assertInstanceOf(RevokedStatus.class, basic.getResponses()[0].getCertStatus());
        assertEquals(REVOKED_AT.toInstant(ZoneOffset.UTC), first.getRevocationTime().toInstant());
        assertEquals(1, first.getRevocationReason());
        RevokedStatus second = assertInstanceOf(RevokedStatus.class, basic.getResponses()[1].getCertStatus());
        assertFalse(second.hasRevocationReason(), "unspecified is left out, as on the CRL");
        assertEquals(unspecified.getSerialNumber(), basic.getResponses()[1].getCertID().getSerialNumber());
    }

    @Test
    void aSerialNotOnRecordOrAnotherIssuersCertIdIsUnknown() throws Exception {
        X509Certificate leaf = recorded("ours");
        RevocationTestCa other = new RevocationTestCa(otherDir);

        BasicOCSPResp basic = basicOf(answer(request(CertificateID.HASH_SHA1, BigInteger.valueOf(12345))
                .addRequest(new CertificateID(sha1(), new JcaX509CertificateHolder(other.certificate), leaf.getSerialNumber()))
                .build()));

        assertInstanceOf(UnknownStatus.class, basic.getResponses()[0].getCertStatus());
        assertInstanceOf(UnknownStatus.class, basic.getResponses()[1].getCertStatus());
    }

    @Test
    void theRequestsNonceIsEchoed() throws Exception {
        X509Certificate leaf = recorded("nonce");
        byte[] nonce = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        Extension nonceExtension = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(new DEROctetString(nonce)));

        BasicOCSPResp withNonce = basicOf(answer(request(CertificateID.HASH_SHA1, leaf.getSerialNumber())
                .setRequestExtensions(new Extensions(nonceExtension)).build()));
        BasicOCSPResp without = basicOf(answer(request(CertificateID.HASH_SHA1, leaf.getSerialNumber()).build()));

        assertEquals(nonceExtension, withNonce.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
        assertArrayEquals(nonceExtension.getExtnValue().getOctets(),
                withNonce.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets());
        assertNull(without.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
    }

    /** RFC 9654 §2.1: 1 to 128 octets are echoed; a longer nonce is a malformedRequest. */
    @Test
    void aNonceOverOneHundredTwentyEightOctetsIsMalformed() throws Exception {
        X509Certificate leaf = recorded("long-nonce");
        for (int length : new int[] {1, 32, 128, 129}) {
            Extension nonce = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(new byte[length])));
            OcspResponder.Answer answer = answer(request(CertificateID.HASH_SHA1, leaf.getSerialNumber())
                    .setRequestExtensions(new Extensions(nonce)).build());
            assertEquals(length > 128, answer.malformed(), length + " octets");
        }
    }

    @Test
    void garbageOrARequestWithoutCertIdsIsAnsweredMalformedRequest() throws Exception {
        for (byte[] malformed : new byte[][] {new byte[0], {0x30, 0x03, 0x02, 0x01}, "not DER".getBytes(),
            new OCSPReqBuilder().build().getEncoded()}) {
            OcspResponder.Answer answer = answer(malformed);
            assertTrue(answer.malformed());
            OCSPResp response = new OCSPResp(answer.der());
            assertEquals(OCSPResp.MALFORMED_REQUEST, response.getStatus());
            assertNull(response.getResponseObject());
        }
    }

    private X509Certificate recorded(String commonName) throws Exception {
        X509Certificate leaf = ca.leaf(commonName);
        records.put(leaf.getSerialNumber(), RevocationTestCa.recordOf(leaf));
        return leaf;
    }

    private OcspResponder.Answer answer(OCSPReq request) throws Exception {
        return answer(request.getEncoded());
    }

    private OcspResponder.Answer answer(byte[] request) {
        return OcspResponder.answer(request, ca.issuer.id(), ca.issuer.keys(), serial -> Optional.ofNullable(records.get(serial)),
                RevocationTestCa.NOW);
    }

    private static BasicOCSPResp basicOf(OcspResponder.Answer answer) throws Exception {
        return (BasicOCSPResp) new OCSPResp(answer.der()).getResponseObject();
    }

    private OCSPReqBuilder request(org.bouncycastle.asn1.x509.AlgorithmIdentifier hash, BigInteger serial) throws Exception {
        return new OCSPReqBuilder().addRequest(certificateId(new BcDigestCalculatorProvider().get(hash), serial));
    }

    private CertificateID certificateId(DigestCalculator digest, BigInteger serial) throws Exception {
        X509CertificateHolder issuer = new JcaX509CertificateHolder(ca.certificate);
        return new CertificateID(digest, issuer, serial);
    }

    private static DigestCalculator sha1() throws Exception {
        return new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1);
    }

    private static DigestCalculator sha256() throws Exception {
        return new BcDigestCalculatorProvider().get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256));
    }
}
