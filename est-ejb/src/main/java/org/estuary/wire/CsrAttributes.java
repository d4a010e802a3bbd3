package org.estuary.wire;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.est.CsrAttrs;

/**
 * The /csrattrs body of RFC 7030 §4.5.2, as replaced by RFC 8951 §4:
 *
 * <pre>
 * CsrAttrs ::= SEQUENCE SIZE (0..MAX) OF AttrOrOID
 * AttrOrOID ::= CHOICE { oid OBJECT IDENTIFIER, attribute Attribute {{AttrSet}} }
 * </pre>
 *
 * <p>"The sequence is Distinguished Encoding Rules (DER) encoded [X.690] and then base64 encoded"
 * (RFC 8951 §4); this class does the DER, {@link Base64Text} the base64.
 */
public final class CsrAttributes {

    /** The media type of the /csrattrs response (RFC 7030 §4.5.2). */
    public static final String MEDIA_TYPE = "application/csrattrs";

    private CsrAttributes() {
    }

    /** The DER of {@code attributes}; DER sorts the values inside each attribute's SET. */
    public static byte[] encode(CsrAttrs attributes) {
        try {
            return attributes.getEncoded(ASN1Encoding.DER);
        } catch (IOException unexpected) {
            throw new IllegalStateException("cannot encode CsrAttrs", unexpected);
        }
    }

    /**
     * Reads a CsrAttrs. Attribute values are kept as whatever ASN.1 they are: RFC 8951 §4 leaves
     * AttrSet open ({@code { ... }}) and "the client MUST ignore any OID or attribute it does not
     * recognize", so only the CHOICE structure is checked here.
     */
    public static CsrAttrs decode(byte[] der) throws MalformedMessage {
        try {
            // fromByteArray refuses trailing bytes (and answers null for none); getInstance parses every entry.
            CsrAttrs attributes = CsrAttrs.getInstance(ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der)));
            if (attributes == null) {
                throw new IOException("no content");
            }
            return attributes;
        } catch (IOException | RuntimeException notCsrAttrs) {
            throw new MalformedMessage("body is not a DER CsrAttrs (RFC 8951 §4)");
        }
    }

    /** True when there is nothing to ask for: RFC 8951 §4 makes that "functionally equivalent to" 204/404. */
    public static boolean isEmpty(CsrAttrs attributes) {
        return attributes == null || attributes.size() == 0;
    }
}
