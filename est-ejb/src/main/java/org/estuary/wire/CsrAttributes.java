package org.estuary.wire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.pkcs.Attribute;

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

    /** Names accepted in configuration, matched case-insensitively, for the OIDs RFC 8951 §4 talks about. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("challengepassword", "1.2.840.113549.1.9.7"),
            Map.entry("extensionrequest", "1.2.840.113549.1.9.14"),
            Map.entry("serialnumber", "2.5.4.5"),
            Map.entry("macaddress", "1.3.6.1.1.1.1.22"),
            Map.entry("ecpublickey", "1.2.840.10045.2.1"),
            Map.entry("secp256r1", "1.2.840.10045.3.1.7"),
            Map.entry("p-256", "1.2.840.10045.3.1.7"),
            Map.entry("secp384r1", "1.3.132.0.34"),
            Map.entry("p-384", "1.3.132.0.34"),
            Map.entry("secp521r1", "1.3.132.0.35"),
            Map.entry("p-521", "1.3.132.0.35"),
            Map.entry("ecdsa-with-sha256", "1.2.840.10045.4.3.2"),
            Map.entry("ecdsawithsha256", "1.2.840.10045.4.3.2"),
            Map.entry("ecdsa-with-sha384", "1.2.840.10045.4.3.3"),
            Map.entry("ecdsawithsha384", "1.2.840.10045.4.3.3"),
            Map.entry("ecdsa-with-sha512", "1.2.840.10045.4.3.4"),
            Map.entry("ecdsawithsha512", "1.2.840.10045.4.3.4"),
            Map.entry("rsaencryption", "1.2.840.113549.1.1.1"),
            Map.entry("sha256withrsaencryption", "1.2.840.113549.1.1.11"));

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

    /**
     * Reads the configured CSR attributes: entries separated by {@code ;} (blank entries skipped),
     * each either an OID, for the {@code oid} choice, or {@code TYPE=VALUE|VALUE|...}, for an
     * {@code attribute} whose values are all OIDs. Every OID may be numeric or one of the names of
     * RFC 8951 §4 ({@code challengePassword}, {@code extensionRequest}, {@code macAddress},
     * {@code ecPublicKey}, {@code secp384r1} or {@code P-384}, {@code ecdsa-with-SHA384}, ...).
     * RFC 8951 §4's own example reads {@code challengePassword; ecPublicKey=secp384r1;
     * extensionRequest=macAddress; ecdsa-with-SHA384}.
     *
     * @throws IllegalArgumentException naming the first entry that is none of these
     */
    public static CsrAttrs fromConfiguration(String spec) {
        List<AttrOrOID> entries = new ArrayList<>();
        if (spec != null) {
            for (String raw : spec.split(";", -1)) {
                String entry = raw.strip();
                if (!entry.isEmpty()) {
                    entries.add(entry(entry));
                }
            }
        }
        return new CsrAttrs(entries.toArray(new AttrOrOID[0]));
    }

    private static AttrOrOID entry(String entry) {
        int equals = entry.indexOf('=');
        if (equals < 0) {
            return new AttrOrOID(oid(entry, entry));
        }
        ASN1ObjectIdentifier type = oid(entry.substring(0, equals), entry);
        String[] values = entry.substring(equals + 1).split("\\|", -1);
        ASN1Encodable[] oids = new ASN1Encodable[values.length];
        for (int i = 0; i < values.length; i++) {
            oids[i] = oid(values[i], entry);
        }
        return new AttrOrOID(new Attribute(type, new DERSet(oids)));
    }

    private static ASN1ObjectIdentifier oid(String text, String entry) {
        String name = text.strip();
        ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.tryFromID(NAMES.getOrDefault(name.toLowerCase(Locale.ROOT), name));
        if (oid == null) {
            throw new IllegalArgumentException("CSR attributes entry '" + entry + "': '" + name
                    + "' is neither a dotted OID nor a known name; entries are OID or OID=VALUE|VALUE, separated by ';'");
        }
        return oid;
    }
}
