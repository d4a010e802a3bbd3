package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cmc.BodyPartID;
import org.bouncycastle.asn1.cmc.CMCFailInfo;
import org.bouncycastle.asn1.cmc.CMCObjectIdentifiers;
import org.bouncycastle.asn1.cmc.CMCStatus;
import org.bouncycastle.asn1.cmc.CMCStatusInfoV2;
import org.bouncycastle.asn1.cmc.OtherMsg;
import org.bouncycastle.asn1.cmc.PKIData;
import org.bouncycastle.asn1.cmc.PKIResponse;
import org.bouncycastle.asn1.cmc.TaggedAttribute;
import org.bouncycastle.asn1.cmc.TaggedCertificationRequest;
import org.bouncycastle.asn1.cmc.TaggedContentInfo;
import org.bouncycastle.asn1.cmc.TaggedRequest;
import org.bouncycastle.asn1.cmc.CertificationRequest;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class FullCmcTest {

    private static final Provider BC = new BouncyCastleProvider();
    private static final byte[] NONCE = {1, 2, 3, 4, 5, 6, 7, 8};

    private final KeyPair device = ecKeyPair();
    private final KeyPair caKeys = ecKeyPair();
    private final X509Certificate ca = certificate("CN=CMC Test CA", caKeys.getPublic());

    @Test
    void aRequestAsABouncyCastleClientBuildsItIsReadWithItsCsrBodyPartAndNonce() throws Exception {
        PKCS10CertificationRequest csr = csr("CN=device-7", device);

        FullCmcRequest request = FullCmcRequest.decode(request(csr, 7, device, nonceControl()), BC);

        assertEquals(7, request.bodyPartId());
        assertArrayEquals(csr.getEncoded(), request.csr().getEncoded());
        assertEquals(new DEROctetString(NONCE), request.echo().senderNonce().orElseThrow());
        assertEquals(new ASN1Integer(42), request.echo().transactionId().orElseThrow());
    }

    @Test
    void theSuccessResponseIsSignedByTheCaAndCarriesStatusCertificatesAndTheEchoedNonce() throws Exception {
        FullCmcRequest request = FullCmcRequest.decode(request(csr("CN=device-7", device), 7, device, nonceControl()), BC);
        X509Certificate issued = certificate("CN=device-7", device.getPublic());

        CMSSignedData response = new CMSSignedData(FullCmcResponse.success(request, List.of(issued, ca), caSigner(), ca));

        assertEquals(CMCObjectIdentifiers.id_cct_PKIResponse.getId(), response.getSignedContentTypeOID());
        SignerInformation signer = response.getSignerInfos().getSigners().iterator().next();
        assertTrue(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(ca)));
        Map<String, ASN1Encodable> controls = controlsOf(response);
        CMCStatusInfoV2 status = CMCStatusInfoV2.getInstance(controls.get(CMCObjectIdentifiers.id_cmc_statusInfoV2.getId()));
        assertEquals(CMCStatus.success, status.getCMCStatus());
        assertEquals(7, status.getBodyList()[0].getID());
        assertEquals(new DEROctetString(NONCE), controls.get(CMCObjectIdentifiers.id_cmc_recipientNonce.getId()));
        assertEquals(new ASN1Integer(42), controls.get(CMCObjectIdentifiers.id_cmc_transactionId.getId()));
        assertEquals(List.of(new X509CertificateHolder(issued.getEncoded()), new X509CertificateHolder(ca.getEncoded())),
                List.copyOf(response.getCertificates().getMatches(null)));
    }

    @Test
    void aPkiDataSignedByAnotherKeyIsRefusedWithBadMessageCheck() throws Exception {
        byte[] forged = request(csr("CN=forged", device), 1, ecKeyPair());

        CmcRefusal refused = assertThrows(CmcRefusal.class, () -> FullCmcRequest.decode(forged, BC));

        assertEquals(CMCFailInfo.badMessageCheck, refused.failInfo());
        assertEquals("PKIData signature does not verify with the key of the certification request", refused.getMessage());
    }

    @Test
    void anUnknownControlIsRefusedWithBadRequestAndTheFailureResponseSaysSo() throws Exception {
        TaggedAttribute identification = new TaggedAttribute(new BodyPartID(3), CMCObjectIdentifiers.id_cmc_identification,
                new DERSet(new DERUTF8String("device-7")));
        byte[] der = request(csr("CN=device-7", device), 1, device, identification);

        CmcRefusal refused = assertThrows(CmcRefusal.class, () -> FullCmcRequest.decode(der, BC));
        CMSSignedData response = new CMSSignedData(FullCmcResponse.failure(refused, caSigner(), ca));

        assertEquals(CMCFailInfo.badRequest, refused.failInfo());
        CMCStatusInfoV2 status = CMCStatusInfoV2.getInstance(controlsOf(response).get(CMCObjectIdentifiers.id_cmc_statusInfoV2.getId()));
        assertEquals(CMCStatus.failed, status.getCMCStatus());
        assertEquals(3, status.getBodyList()[0].getID());
        assertEquals(CMCFailInfo.badRequest, CMCFailInfo.getInstance(status.getOtherStatusInfo().toASN1Primitive()));
        assertEquals("control " + CMCObjectIdentifiers.id_cmc_identification.getId() + " is not supported",
                status.getStatusStringUTF8().getString());
        assertTrue(response.getCertificates().getMatches(null).isEmpty());
    }

    @Test
    void aPkiDataWithoutACertificationRequestIsRefusedWithBadRequest() throws Exception {
        PKIData noRequest = new PKIData(new TaggedAttribute[0], new TaggedRequest[0], new TaggedContentInfo[0], new OtherMsg[0]);
        byte[] der = signed(noRequest, device);

        CmcRefusal refused = assertThrows(CmcRefusal.class, () -> FullCmcRequest.decode(der, BC));

        assertEquals(CMCFailInfo.badRequest, refused.failInfo());
        assertEquals("exactly one certification request is supported, found 0", refused.getMessage());
    }

    @Test
    void whatIsNotASignedPkiDataIsMalformed() throws Exception {
        byte[] certsOnly = CertsOnly.encode(List.of(ca));

        assertEquals("request body is not a CMS SignedData (Full PKI Request)",
                assertThrows(MalformedMessage.class, () -> FullCmcRequest.decode(new byte[] {0x30, 0x03, 1, 2, 3}, BC)).getMessage());
        assertEquals("SignedData does not carry a PKIData (id-cct-PKIData)",
                assertThrows(MalformedMessage.class, () -> FullCmcRequest.decode(certsOnly, BC)).getMessage());
    }

    // ------------------------------------------------------------------ the client side, as RFC 5272 §3.2 builds it

    private static TaggedAttribute[] nonceControl() {
        return new TaggedAttribute[] {
            new TaggedAttribute(new BodyPartID(2), CMCObjectIdentifiers.id_cmc_senderNonce, new DERSet(new DEROctetString(NONCE))),
            new TaggedAttribute(new BodyPartID(3), CMCObjectIdentifiers.id_cmc_transactionId, new DERSet(new ASN1Integer(42)))};
    }

    /** A Full PKI Request for {@code keys}, with a nonce and a transaction id: the decoder fuzz test's seed. */
    static byte[] fullPkiRequest(KeyPair keys) throws Exception {
        return request(csr("CN=fuzz-device", keys), 1, keys, nonceControl());
    }

    private static byte[] request(PKCS10CertificationRequest csr, long bodyPartId, KeyPair signer, TaggedAttribute... controls)
            throws Exception {
        TaggedRequest tcr = new TaggedRequest(new TaggedCertificationRequest(new BodyPartID(bodyPartId),
                CertificationRequest.getInstance(csr.getEncoded())));
        return signed(new PKIData(controls, new TaggedRequest[] {tcr}, new TaggedContentInfo[0], new OtherMsg[0]), signer);
    }

    private static byte[] signed(PKIData pkiData, KeyPair signer) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(signer.getPrivate()), new byte[] {1}));
        return generator.generate(new CMSProcessableByteArray(CMCObjectIdentifiers.id_cct_PKIData, pkiData.getEncoded()), true)
                .getEncoded();
    }

    private static Map<String, ASN1Encodable> controlsOf(CMSSignedData response) throws Exception {
        PKIResponse pkiResponse = PKIResponse.getInstance(ASN1Primitive.fromByteArray((byte[]) response.getSignedContent().getContent()));
        Map<String, ASN1Encodable> controls = new TreeMap<>();
        for (int i = 0; i < pkiResponse.getControlSequence().size(); i++) {
            TaggedAttribute control = TaggedAttribute.getInstance(pkiResponse.getControlSequence().getObjectAt(i));
            controls.put(control.getAttrType().getId(), control.getAttrValues().getObjectAt(0));
        }
        return controls;
    }

    private ContentSigner caSigner() throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(caKeys.getPrivate());
    }

    private static PKCS10CertificationRequest csr(String subject, KeyPair keys) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(keys.getPrivate()));
    }

    private X509Certificate certificate(String subject, java.security.PublicKey key) {
        try {
            Instant now = Instant.now();
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name("CN=CMC Test CA"),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)),
                    new X500Name(subject), key).build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC)
                    .build(caKeys.getPrivate())));
        } catch (Exception unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (Exception unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }
}
