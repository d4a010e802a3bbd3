package org.estuary.wire;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Collection;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cmc.BodyPartID;
import org.bouncycastle.asn1.cmc.CMCFailInfo;
import org.bouncycastle.asn1.cmc.CMCObjectIdentifiers;
import org.bouncycastle.asn1.cmc.PKIData;
import org.bouncycastle.asn1.cmc.TaggedAttribute;
import org.bouncycastle.asn1.cmc.TaggedCertificationRequest;
import org.bouncycastle.asn1.cmc.TaggedRequest;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The simple case of a CMC Full PKI Request (RFC 7030 §4.3.1, RFC 5272 §3.2): a SignedData whose
 * eContentType is id-cct-PKIData, holding exactly one PKCS#10 request ({@code tcr}) and signed with
 * the key that request certifies. CRMF and other-request bodies, nested content and controls other
 * than the transaction identifier and sender nonce are declined with a CMC failure.
 *
 * @param bodyPartId the bodyPartID of the certification request, which the response's status names
 * @param csr the PKCS#10 request, its self-signature verified
 * @param echo what the response returns to the client unchanged
 */
public record FullCmcRequest(long bodyPartId, PKCS10CertificationRequest csr, Echo echo) {

    /** The media type of a Full PKI Request (RFC 7030 §4.3.1, RFC 5273). */
    public static final String MEDIA_TYPE = "application/pkcs7-mime; smime-type=CMC-request";

    /** The body part id that names the PKIData as a whole (RFC 5272 §3.2.2), for failures before the request is found. */
    static final long WHOLE_MESSAGE = 0;

    public FullCmcRequest {
        requireNonNull(csr, "csr");
        requireNonNull(echo, "echo");
    }

    /**
     * The request's transaction identifier and sender nonce (RFC 5272 §6.6), each as its attribute
     * value when present: the response carries them back as transactionId and recipientNonce.
     */
    public record Echo(Optional<ASN1Encodable> transactionId, Optional<ASN1Encodable> senderNonce) {

        public Echo {
            requireNonNull(transactionId, "transactionId");
            requireNonNull(senderNonce, "senderNonce");
        }
    }

    /**
     * Reads {@code der} as a Full PKI Request, checking both signatures with the first of
     * {@code providers} that knows the key.
     *
     * @throws MalformedMessage when {@code der} is not a SignedData carrying a PKIData (HTTP 400, plain text)
     * @throws CmcRefusal when it is one this server declines (a CMC failure response)
     */
    public static FullCmcRequest decode(byte[] der, Provider... providers) throws MalformedMessage, CmcRefusal {
        try {
            return read(der, providers);
        } catch (RuntimeException malformed) {
            // Bouncy Castle's ASN.1 classes refuse a wrong shape with IllegalArgumentException, some of them lazily.
            throw new MalformedMessage("request body is not a well-formed Full PKI Request");
        }
    }

    private static FullCmcRequest read(byte[] der, Provider... providers) throws MalformedMessage, CmcRefusal {
        CMSSignedData signedData = signedData(der);
        PKIData pkiData = pkiData(signedData);
        Echo echo = echoOf(pkiData);
        // RFC 7030 §4.3.1: "If the HTTP POST to /fullcmc is not a valid Full PKI Request, the server MUST reject the message."
        TaggedRequest[] requests = pkiData.getReqSequence();
        if (requests.length != 1) {
            throw new CmcRefusal(CMCFailInfo.badRequest, WHOLE_MESSAGE, echo,
                    "exactly one certification request is supported, found " + requests.length);
        }
        if (requests[0].getTagNo() != TaggedRequest.TCR) {
            throw new CmcRefusal(CMCFailInfo.badRequest, WHOLE_MESSAGE, echo,
                    "only PKCS#10 certification requests (tcr) are supported, not CRMF or other requests");
        }
        TaggedCertificationRequest tagged = TaggedCertificationRequest.getInstance(requests[0].getValue());
        long bodyPartId = tagged.getBodyPartID().getID();
        PKCS10CertificationRequest csr;
        try {
            // RFC 7030 §3.4: the CSR's signature is the proof of possession of its key.
            csr = CertificationRequests.decodeVerified(tagged.getCertificationRequest().getEncoded(), providers);
        } catch (MalformedMessage | IOException popFailed) {
            throw new CmcRefusal(CMCFailInfo.popFailed, bodyPartId, echo, "certification request: "
                    + (popFailed instanceof MalformedMessage ? popFailed.getMessage() : "not encodable"));
        }
        requireSignedByTheRequestKey(signedData, csr, bodyPartId, echo, providers);
        requireOnlyUnderstoodControls(pkiData, echo);
        if (pkiData.getCmsSequence().length != 0 || pkiData.getOtherMsgSequence().length != 0) {
            throw new CmcRefusal(CMCFailInfo.badRequest, WHOLE_MESSAGE, echo,
                    "nested CMS content and other messages are not supported");
        }
        return new FullCmcRequest(bodyPartId, csr, echo);
    }

    private static CMSSignedData signedData(byte[] der) throws MalformedMessage {
        try {
            return new CMSSignedData(der);
        } catch (CMSException | RuntimeException notSignedData) {
            throw new MalformedMessage("request body is not a CMS SignedData (Full PKI Request)");
        }
    }

    private static PKIData pkiData(CMSSignedData signedData) throws MalformedMessage {
        if (!CMCObjectIdentifiers.id_cct_PKIData.getId().equals(signedData.getSignedContentTypeOID())
                || signedData.getSignedContent() == null) {
            throw new MalformedMessage("SignedData does not carry a PKIData (id-cct-PKIData)");
        }
        try {
            return PKIData.getInstance(ASN1Primitive.fromByteArray((byte[]) signedData.getSignedContent().getContent()));
        } catch (IOException | RuntimeException notPkiData) {
            throw new MalformedMessage("SignedData content is not a well-formed PKIData");
        }
    }

    private static Echo echoOf(PKIData pkiData) throws MalformedMessage {
        Optional<ASN1Encodable> transactionId = Optional.empty();
        Optional<ASN1Encodable> senderNonce = Optional.empty();
        for (TaggedAttribute control : pkiData.getControlSequence()) {
            if (control.getAttrValues().size() != 1) {
                continue;
            }
            if (CMCObjectIdentifiers.id_cmc_transactionId.equals(control.getAttrType())) {
                transactionId = Optional.of(control.getAttrValues().getObjectAt(0));
            } else if (CMCObjectIdentifiers.id_cmc_senderNonce.equals(control.getAttrType())) {
                senderNonce = Optional.of(control.getAttrValues().getObjectAt(0));
            }
        }
        return new Echo(transactionId, senderNonce);
    }

    /**
     * The simple case of RFC 5272 §3.2: a client without a certificate signs the PKIData with the key
     * being certified, and then there is exactly one SignerInfo. A signature by any other key is
     * refused with badMessageCheck: this server does not act on signer certificates (RA, renewal).
     */
    private static void requireSignedByTheRequestKey(CMSSignedData signedData, PKCS10CertificationRequest csr,
            long bodyPartId, Echo echo, Provider... providers) throws CmcRefusal {
        Collection<SignerInformation> signers = signedData.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new CmcRefusal(CMCFailInfo.badMessageCheck, WHOLE_MESSAGE, echo,
                    "PKIData must carry exactly one signature, by the key being certified");
        }
        SignerInformation signer = signers.iterator().next();
        for (Provider provider : providers) {
            boolean valid;
            try {
                PublicKey key = new JcaPKCS10CertificationRequest(csr).setProvider(provider).getPublicKey();
                valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(provider).build(key));
            } catch (GeneralSecurityException | OperatorCreationException unknownHere) {
                continue;
            } catch (CMSException | RuntimeException invalid) {
                valid = false;
            }
            if (!valid) {
                throw new CmcRefusal(CMCFailInfo.badMessageCheck, WHOLE_MESSAGE, echo,
                        "PKIData signature does not verify with the key of the certification request");
            }
            return;
        }
        throw new CmcRefusal(CMCFailInfo.badAlg, bodyPartId, echo, "PKIData signature algorithm not supported");
    }

    /**
     * Of the controls of RFC 5272 §6 this server acts on the transaction identifier and the sender
     * nonce (§6.6) only. Any other is declined with badRequest rather than silently ignored: the client
     * asked for something (a proof of identity, a key archive, …) it would not get.
     */
    private static void requireOnlyUnderstoodControls(PKIData pkiData, Echo echo) throws CmcRefusal {
        for (TaggedAttribute control : pkiData.getControlSequence()) {
            ASN1ObjectIdentifier type = control.getAttrType();
            if (!CMCObjectIdentifiers.id_cmc_transactionId.equals(type)
                    && !CMCObjectIdentifiers.id_cmc_senderNonce.equals(type)) {
                throw new CmcRefusal(CMCFailInfo.badRequest, bodyPartIdOf(control.getBodyPartID()), echo,
                        "control " + type.getId() + " is not supported");
            }
        }
    }

    private static long bodyPartIdOf(BodyPartID id) {
        return id == null ? WHOLE_MESSAGE : id.getID();
    }
}
