package org.estuary.revocation.control;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.estuary.ca.control.CaKey;
import org.estuary.ca.control.LeafCertificateBuilder;
import org.estuary.ca.entity.IssuedCertificate;

/**
 * An OCSP responder (RFC 6960) that is the CA itself: the BasicOCSPResponse is signed with the CA's
 * key, names the CA by name and carries its certificate (§4.2.2.2: the CA that issued the
 * certificate in question may sign). Each CertID is answered good, revoked (time and reason) or
 * unknown (§2.2: not ours, or its issuer hashes are not this CA's; SHA-1 and SHA-256 CertIDs are
 * understood), with thisUpdate now and no nextUpdate (§4.2.2.1: newer information is always
 * available, since every answer is read from the record). The request's nonce is echoed (§4.4.1), up to the 128 octets
 * of RFC 9654.
 */
public final class OcspResponder {

    /** RFC 9654 §2.1: the largest nonce a request may carry. */
    static final int MAX_NONCE_OCTETS = 128;

    /** More CertIDs than this in one request is not a request a client needs to make. */
    static final int MAX_REQUESTS = 64;

    private static final DigestCalculatorProvider DIGESTS = new BcDigestCalculatorProvider();

    /**
     * An OCSP response (DER), and whether it is the malformedRequest answer that HTTP sends with 400.
     */
    public record Answer(byte[] der, boolean malformed) {
    }

    private OcspResponder() {
    }

    /**
     * Answers the DER OCSPRequest {@code request} for the issuer {@code issuerId}, signed by the key the
     * first request names by its key hash (RFC 6960 §4.2.2.2: the CA that issued the certificate signs), so
     * that certificates signed before a rollover are answered by the key that signed them.
     *
     * @param keys the issuer's keys that sign, newest first
     * @param records the record of a serial of this issuer, empty when it issued no such certificate
     */
    public static Answer answer(byte[] request, String issuerId, List<CaKey> keys,
            Function<BigInteger, Optional<IssuedCertificate>> records, Instant now) {
        OCSPReq parsed;
        try {
            parsed = new OCSPReq(request);
        } catch (IOException | RuntimeException malformed) {
            return malformed();
        }
        Req[] requested = parsed.getRequestList();
        if (requested.length == 0 || requested.length > MAX_REQUESTS) {
            return malformed();
        }
        CaKey key = keys.stream().filter(candidate -> issuedBy(requested[0].getCertID(),
                LeafCertificateBuilder.holderOf(candidate.certificate()))).findFirst().orElse(keys.get(0));
        X509CertificateHolder ca = LeafCertificateBuilder.holderOf(key.certificate());
        BasicOCSPRespBuilder response = new BasicOCSPRespBuilder(new RespID(ca.getSubject()));
        for (Req one : requested) {
            CertificateID id = one.getCertID();
            Optional<IssuedCertificate> record = issuedBy(id, ca) ? records.apply(id.getSerialNumber()) : Optional.empty();
            // Bouncy Castle spells "good" as a null CertificateStatus.
            CertificateStatus status = record.isPresent() ? statusOf(record.get()) : new UnknownStatus();
            response.addResponse(id, status, Date.from(now), (Date) null);
        }
        Extension nonce = parsed.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null) {
            // RFC 9654 §2.1: "Nonce ::= OCTET STRING(SIZE(1..128))"; a responder that supports the
            // extension "MUST reject requests with a Nonce length > 128 octets with malformedRequest".
            int length = nonceLength(nonce);
            if (length < 1 || length > MAX_NONCE_OCTETS) {
                return malformed();
            }
            response.setResponseExtensions(new Extensions(nonce));
        }
        try {
            BasicOCSPResp signed = response.build(key.signer(), new X509CertificateHolder[] {ca}, Date.from(now));
            return new Answer(new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, signed).getEncoded(), false);
        } catch (OCSPException | IOException unexpected) {
            throw new IllegalStateException("issuer " + issuerId + ": cannot sign an OCSP response", unexpected);
        }
    }

    /** The nonce's length: the OCTET STRING inside extnValue, or extnValue itself from clients that send the bare value. */
    private static int nonceLength(Extension nonce) {
        byte[] value = nonce.getExtnValue().getOctets();
        try {
            return ASN1OctetString.getInstance(value).getOctets().length;
        } catch (IllegalArgumentException notAnOctetString) {
            return value.length;
        }
    }

    /** Whether {@code id} names {@code ca} as issuer, by the hashes of its name and key in the CertID's own hash algorithm. */
    private static boolean issuedBy(CertificateID id, X509CertificateHolder ca) {
        try {
            return id.matchesIssuer(ca, DIGESTS);
        } catch (OCSPException | RuntimeException unknownHashAlgorithm) {
            return false;
        }
    }

    private static CertificateStatus statusOf(IssuedCertificate record) {
        if (!record.isRevoked()) {
            return CertificateStatus.GOOD;
        }
        Date revokedAt = Date.from(record.getRevokedAt().toInstant(ZoneOffset.UTC));
        // As on the CRL (RFC 5280 §5.3.1), an unspecified reason is left out rather than stated.
        CRLReason reason = record.getRevocationReason().isStated() ? CRLReason.lookup(record.getRevocationReason().code()) : null;
        return new RevokedStatus(new RevokedInfo(new ASN1GeneralizedTime(revokedAt), reason));
    }

    private static Answer malformed() {
        try {
            return new Answer(new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded(), true);
        } catch (OCSPException | IOException unexpected) {
            throw new IllegalStateException("cannot encode an OCSP malformedRequest response", unexpected);
        }
    }
}
