package org.estuary.auth.control;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.DirectoryString;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.enrollment.entity.ChannelBindingMismatch;
import org.estuary.enrollment.entity.ChannelBindingMissing;
import org.estuary.enrollment.entity.ChannelBindingNeedsTls13;
import org.estuary.enrollment.entity.ChannelBindingRefused;
import org.estuary.enrollment.entity.TlsSession;

/**
 * RFC 7030 §3.5, "Linking Identity and POP Information", with RFC 9266's {@code tls-exporter} in the
 * place of {@code tls-unique}: the client signs the channel binding of its TLS connection into the CSR,
 * so a CSR relayed through another TLS connection does not verify.
 *
 * <p>Where the CSR carries the binding, as the base64 text (RFC 4648 §4) of the 32 exporter bytes:
 * <ol>
 *   <li>the {@code id-aa-estIdentityLinking} attribute (1.2.840.113549.1.9.16.2.58, RFC 7894 §3.3),
 *       the attribute made for exactly this, which Bouncy Castle's EST client writes when /csrattrs
 *       lists it; or, when that is absent,
 *   <li>the PKCS#9 {@code challengePassword} attribute, where RFC 7030 §3.5 puts it.
 * </ol>
 * Either holds one DirectoryString. No standard defines a separate attribute for tls-exporter.
 */
public final class ChannelBinding {

    /** RFC 7894 §3.3: {@code id-aa-estIdentityLinking ::= { id-aa 58 }}. */
    public static final ASN1ObjectIdentifier EST_IDENTITY_LINKING = PKCSObjectIdentifiers.id_aa_estIdentityLinking;

    /** RFC 2985 §5.4.1, as RFC 7030 §3.5 uses it. */
    public static final ASN1ObjectIdentifier CHALLENGE_PASSWORD = PKCSObjectIdentifiers.pkcs_9_at_challengePassword;

    private ChannelBinding() {
    }

    /**
     * Admits {@code csr} only when it carries the tls-exporter channel binding of {@code session}, the
     * connection it arrived on. Call it with a CSR whose signature has been verified: the binding
     * proves something only because the key holder signed it.
     *
     * @param session the TLS session of the request; empty when it came without TLS
     * @throws ChannelBindingNeedsTls13 the connection is not TLS 1.3 or has no exporter
     * @throws ChannelBindingMissing the CSR carries no well-formed binding
     * @throws ChannelBindingMismatch the CSR carries a binding that is not this connection's
     */
    public static void verify(PKCS10CertificationRequest csr, Optional<TlsSession> session) throws ChannelBindingRefused {
        TlsSession tls = session.orElseThrow(() -> new ChannelBindingNeedsTls13("no TLS"));
        // RFC 9266 §4.2: below TLS 1.3 the binding is defined only with the extended master secret
        // and never with renegotiation, neither of which the servlet layer can see; "users wishing to
        // take advantage of channel binding should upgrade to TLS 1.3 or later".
        if (!TlsSession.TLS_1_3.equals(tls.protocol())) {
            throw new ChannelBindingNeedsTls13(tls.protocol());
        }
        byte[] expected = tls.exporter().orElseThrow(() -> new ChannelBindingNeedsTls13(tls.protocol()));
        byte[] claimed = claimedBinding(csr);
        // RFC 7030 §3.5: "If tls-unique information is included by the client, the server MUST verify
        // it." Compared in constant time, as any proof is.
        if (!MessageDigest.isEqual(expected, claimed)) {
            throw new ChannelBindingMismatch();
        }
    }

    /**
     * {@code asked} with what a binding-requiring profile asks of clients in /csrattrs: RFC 7030 §3.5
     * ("the server MUST include the challengePassword OID in the CSR Attributes Response") and
     * estIdentityLinking (RFC 7894 §4), which makes Bouncy Castle's EST client put the binding there.
     */
    public static CsrAttrs askedFor(CsrAttrs asked) {
        List<AttrOrOID> entries = new ArrayList<>(Arrays.asList(asked.getAttrOrOIDs()));
        for (ASN1ObjectIdentifier type : List.of(CHALLENGE_PASSWORD, EST_IDENTITY_LINKING)) {
            if (entries.stream().noneMatch(entry -> entry.isOid() && entry.getOid().equals(type))) {
                entries.add(new AttrOrOID(type));
            }
        }
        return new CsrAttrs(entries.toArray(new AttrOrOID[0]));
    }

    /** The bytes the CSR claims as binding; RFC 7894 §4 prefers estIdentityLinking to challengePassword. */
    private static byte[] claimedBinding(PKCS10CertificationRequest csr) throws ChannelBindingMissing {
        String name = "estIdentityLinking";
        Attribute[] attributes = csr.getAttributes(EST_IDENTITY_LINKING);
        if (attributes.length == 0) {
            name = "challengePassword";
            attributes = csr.getAttributes(CHALLENGE_PASSWORD);
        }
        if (attributes.length == 0) {
            // RFC 7030 §3.5: a reject message "SHOULD include an informative text message indicating
            // that the linking of identity and POP information is required".
            throw new ChannelBindingMissing("linking of identity and POP information is required: the CSR must carry "
                    + "the base64 tls-exporter channel binding (RFC 9266) in an estIdentityLinking or challengePassword "
                    + "attribute");
        }
        // RFC 7894 §3 and RFC 2985 §5.4.1: one attribute, one value, a DirectoryString.
        if (attributes.length > 1 || attributes[0].getAttrValues().size() != 1) {
            throw new ChannelBindingMissing("the CSR's " + name + " attribute must hold exactly one value");
        }
        String text;
        try {
            text = DirectoryString.getInstance(attributes[0].getAttrValues().getObjectAt(0)).getString();
        } catch (IllegalArgumentException notAString) {
            throw new ChannelBindingMissing("the CSR's " + name + " attribute is not a DirectoryString");
        }
        try {
            // RFC 7030 §3.5: "base64 encoded as specified in Section 4 of [RFC4648]".
            return Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new ChannelBindingMissing("the CSR's " + name + " attribute is not the base64 text of a channel binding");
        }
    }
}
