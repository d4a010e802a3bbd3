package org.estuary.wire;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cmc.BodyPartID;
import org.bouncycastle.asn1.cmc.CMCObjectIdentifiers;
import org.bouncycastle.asn1.cmc.CMCStatus;
import org.bouncycastle.asn1.cmc.CMCStatusInfoV2;
import org.bouncycastle.asn1.cmc.CMCStatusInfoV2Builder;
import org.bouncycastle.asn1.cmc.OtherMsg;
import org.bouncycastle.asn1.cmc.PKIResponse;
import org.bouncycastle.asn1.cmc.TaggedAttribute;
import org.bouncycastle.asn1.cmc.TaggedContentInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

/**
 * The Full PKI Response of RFC 7030 §4.3.2 and RFC 5272 §3.2.3: a SignedData whose eContentType is
 * id-cct-PKIResponse, signed by the CA, holding a CMCStatusInfoV2 control and, on success, the issued
 * certificate and the CA chain in its certificates.
 */
public final class FullCmcResponse {

    /** RFC 7030 §4.3.2: "the Full PKI Response with an smime-type parameter "CMC-response"". */
    public static final String MEDIA_TYPE = "application/pkcs7-mime; smime-type=CMC-response";

    private FullCmcResponse() {
    }

    /**
     * Success for {@code request}'s body part, with {@code certificates} (the issued one first, then
     * the chain), signed by {@code signer} in the name of {@code ca}.
     */
    public static byte[] success(FullCmcRequest request, List<X509Certificate> certificates, ContentSigner signer,
            X509Certificate ca) {
        CMCStatusInfoV2 status = new CMCStatusInfoV2Builder(CMCStatus.success, new BodyPartID(request.bodyPartId())).build();
        return signed(status, request.echo(), certificates, signer, ca);
    }

    /**
     * A failed status with the refusal's CMCFailInfo and reason as status string; the
     * extendedFailInfo choice is not used, so that every CMC client can read the reason code.
     */
    public static byte[] failure(CmcRefusal refusal, ContentSigner signer, X509Certificate ca) {
        CMCStatusInfoV2 status = new CMCStatusInfoV2Builder(CMCStatus.failed, new BodyPartID(refusal.bodyPartId()))
                .setOtherInfo(refusal.failInfo())
                .setStatusString(refusal.getMessage())
                .build();
        return signed(status, refusal.echo(), List.of(), signer, ca);
    }

    private static byte[] signed(CMCStatusInfoV2 status, FullCmcRequest.Echo echo, List<X509Certificate> certificates,
            ContentSigner signer, X509Certificate ca) {
        List<TaggedAttribute> controls = new ArrayList<>();
        controls.add(control(controls, CMCObjectIdentifiers.id_cmc_statusInfoV2, status));
        // RFC 5272 §6.6: the transaction identifier comes back as sent, the sender nonce as recipientNonce.
        echo.transactionId().ifPresent(id -> controls.add(control(controls, CMCObjectIdentifiers.id_cmc_transactionId, id)));
        echo.senderNonce().ifPresent(nonce -> controls.add(control(controls, CMCObjectIdentifiers.id_cmc_recipientNonce, nonce)));
        PKIResponse response = new PKIResponse(controls.toArray(TaggedAttribute[]::new), new TaggedContentInfo[0],
                new OtherMsg[0]);
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new BcDigestCalculatorProvider())
                    .build(signer, ca));
            generator.addCertificates(new JcaCertStore(certificates));
            return generator.generate(new CMSProcessableByteArray(CMCObjectIdentifiers.id_cct_PKIResponse,
                    response.getEncoded()), true).getEncoded();
        } catch (CertificateEncodingException | OperatorCreationException | CMSException | IOException unexpected) {
            throw new IllegalStateException("cannot encode the Full PKI Response", unexpected);
        }
    }

    /** Body part ids are unique within the response (RFC 5272 §3.2.2): 1, 2, 3 in order. */
    private static TaggedAttribute control(List<TaggedAttribute> before, ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new TaggedAttribute(new BodyPartID(before.size() + 1L), type, new DERSet(value));
    }
}
