package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cmc.BodyPartID;
import org.bouncycastle.asn1.cmc.CMCFailInfo;
import org.bouncycastle.asn1.cmc.CMCObjectIdentifiers;
import org.bouncycastle.asn1.cmc.CMCStatus;
import org.bouncycastle.asn1.cmc.CMCStatusInfoV2;
import org.bouncycastle.asn1.cmc.CertificationRequest;
import org.bouncycastle.asn1.cmc.OtherMsg;
import org.bouncycastle.asn1.cmc.PKIData;
import org.bouncycastle.asn1.cmc.PKIResponse;
import org.bouncycastle.asn1.cmc.TaggedAttribute;
import org.bouncycastle.asn1.cmc.TaggedCertificationRequest;
import org.bouncycastle.asn1.cmc.TaggedContentInfo;
import org.bouncycastle.asn1.cmc.TaggedRequest;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * /fullcmc (RFC 7030 §4.3) on the root profile over real TLS: a Full PKI Request as a Bouncy Castle
 * client builds it, one PKCS#10 in a PKIData signed with the key being certified. Runs inside the
 * server to read the records.
 */
@ExtendWith(ArquillianExtension.class)
class FullCmcIT {

    static final String CMC_REQUEST = "application/pkcs7-mime; smime-type=CMC-request";
    static final String CMC_RESPONSE = "application/pkcs7-mime; smime-type=CMC-response";

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addClasses(FullCmcIT.class, TestClients.class, TestRecords.class);
    }

    @Resource(lookup = "java:app/jdbc/estuary")
    DataSource database;

    @Test
    void aFullPkiRequestIsAnsweredWithACaSignedSuccessAndTheCertificateIsOnRecord() throws Exception {
        KeyPair device = TestClients.ecKeyPair();
        PKCS10CertificationRequest csr = TestClients.csr("CN=cmc-device.example.com,O=Estuary Tests", device);
        byte[] nonce = {9, 8, 7, 6, 5, 4, 3, 2};

        HttpResponse<String> response = postFullCmc(fullPkiRequest(csr, 5, device, nonce));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(CMC_RESPONSE, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("base64", response.headers().firstValue("Content-Transfer-Encoding").orElseThrow());
        CMSSignedData signed = signedByTheServerCa(response);
        CMCStatusInfoV2 status = statusOf(signed);
        assertEquals(CMCStatus.success, status.getCMCStatus());
        assertEquals(5, status.getBodyList()[0].getID(), "the status names the request's body part");
        assertEquals(new DEROctetString(nonce), control(signed, CMCObjectIdentifiers.id_cmc_recipientNonce),
                "the sender nonce comes back as recipientNonce");
        List<X509CertificateHolder> certificates = List.copyOf(signed.getCertificates().getMatches(null));
        X509Certificate ca = TestClients.serverCa();
        X509CertificateHolder caHolder = new X509CertificateHolder(ca.getEncoded());
        assertEquals(2, certificates.size(), "the issued certificate and the CA");
        assertTrue(certificates.contains(caHolder), "the CA certificate is in the bag");
        X509CertificateHolder issued = certificates.stream().filter(c -> !c.equals(caHolder)).findFirst().orElseThrow();
        assertEquals(csr.getSubject(), issued.getSubject());
        assertEquals(csr.getSubjectPublicKeyInfo(), issued.getSubjectPublicKeyInfo());
        new JcaX509CertificateConverter().getCertificate(issued).verify(ca.getPublicKey());
        String serial = issued.getSerialNumber().toString(16);
        records().assertCertificateRecorded(serial, issued.getEncoded());
        assertEquals(List.of("est_simple_enroll_success|anonymous|default"), records().auditRowsOf(serial));
    }

    /** RFC 7030 §4.3.2: a rejection is a 4xx that still carries a CMC response, here failed with badMessageCheck. */
    @Test
    void aPkiDataSignedByAnotherKeyIsDeclinedWith400AndACmcFailure() throws Exception {
        KeyPair device = TestClients.ecKeyPair();
        String reason = "PKIData signature does not verify with the key of the certification request";
        long before = records().countAudit("est_simple_enroll_failed", "Full PKI Request declined: " + reason);

        HttpResponse<String> response = postFullCmc(fullPkiRequest(TestClients.csr("CN=cmc-forged", device), 1,
                TestClients.ecKeyPair(), new byte[] {1}));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals(CMC_RESPONSE, response.headers().firstValue("Content-Type").orElseThrow());
        CMSSignedData signed = signedByTheServerCa(response);
        CMCStatusInfoV2 status = statusOf(signed);
        assertEquals(CMCStatus.failed, status.getCMCStatus());
        assertEquals(CMCFailInfo.badMessageCheck, CMCFailInfo.getInstance(status.getOtherStatusInfo().toASN1Primitive()));
        assertEquals(reason, status.getStatusStringUTF8().getString());
        assertTrue(signed.getCertificates().getMatches(null).isEmpty(), "no certificate");
        assertEquals(before + 1, records().countAudit("est_simple_enroll_failed", "Full PKI Request declined: " + reason));
    }

    @Test
    void whatIsNotAFullPkiRequestIsRefusedWith400InPlainTextAndAudited() throws Exception {
        String reason = "request body is not a CMS SignedData (Full PKI Request)";
        long before = records().countAudit("est_simple_enroll_failed", reason);

        HttpResponse<String> response = postFullCmc("MAA=".getBytes(StandardCharsets.US_ASCII));

        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertEquals(reason + "\n", response.body());
        assertEquals(before + 1, records().countAudit("est_simple_enroll_failed", reason));
    }

    /** RFC 5272 §3.2 as a client without a certificate builds it: PKIData{senderNonce, tcr(csr)} in a SignedData. */
    private static byte[] fullPkiRequest(PKCS10CertificationRequest csr, long bodyPartId, KeyPair signer, byte[] nonce)
            throws Exception {
        TaggedAttribute senderNonce = new TaggedAttribute(new BodyPartID(bodyPartId + 1), CMCObjectIdentifiers.id_cmc_senderNonce,
                new DERSet(new DEROctetString(nonce)));
        TaggedRequest tcr = new TaggedRequest(new TaggedCertificationRequest(new BodyPartID(bodyPartId),
                CertificationRequest.getInstance(csr.getEncoded())));
        PKIData pkiData = new PKIData(new TaggedAttribute[] {senderNonce}, new TaggedRequest[] {tcr},
                new TaggedContentInfo[0], new OtherMsg[0]);
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()), new byte[] {1}));
        return Base64.getEncoder().encode(generator.generate(new CMSProcessableByteArray(CMCObjectIdentifiers.id_cct_PKIData,
                pkiData.getEncoded()), true).getEncoded());
    }

    private static HttpResponse<String> postFullCmc(byte[] body) throws Exception {
        return TestClients.post(TestClients.https(null, null), "fullcmc", CMC_REQUEST, body);
    }

    private static CMSSignedData signedByTheServerCa(HttpResponse<String> response) throws Exception {
        CMSSignedData signed = new CMSSignedData(Base64.getMimeDecoder().decode(response.body()));
        assertEquals(CMCObjectIdentifiers.id_cct_PKIResponse.getId(), signed.getSignedContentTypeOID());
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        X509Certificate ca = TestClients.serverCa();
        assertTrue(signer.getSID().match(new X509CertificateHolder(ca.getEncoded())), "signer is the CA");
        assertTrue(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(ca)), "the CA's signature verifies");
        return signed;
    }

    private static CMCStatusInfoV2 statusOf(CMSSignedData signed) throws Exception {
        return CMCStatusInfoV2.getInstance(control(signed, CMCObjectIdentifiers.id_cmc_statusInfoV2));
    }

    private static ASN1Primitive control(CMSSignedData signed, ASN1ObjectIdentifier type) throws Exception {
        PKIResponse response = PKIResponse.getInstance(ASN1Primitive.fromByteArray((byte[]) signed.getSignedContent().getContent()));
        for (int i = 0; i < response.getControlSequence().size(); i++) {
            TaggedAttribute control = TaggedAttribute.getInstance(response.getControlSequence().getObjectAt(i));
            if (type.equals(control.getAttrType())) {
                return control.getAttrValues().getObjectAt(0).toASN1Primitive();
            }
        }
        throw new AssertionError("no control " + type);
    }

    private TestRecords records() {
        return new TestRecords(database);
    }
}
