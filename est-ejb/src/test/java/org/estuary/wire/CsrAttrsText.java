package org.estuary.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.pkcs.Attribute;

/**
 * CsrAttrs written the short way tests state expectations in: entries separated by {@code ;}, each
 * an OID or {@code OID=VALUE|VALUE}, names allowed for the OIDs of RFC 8951 §4, e.g.
 * {@code challengePassword; ecPublicKey=secp384r1; ecdsa-with-SHA384}.
 */
public final class CsrAttrsText {

    /** Names matched case-insensitively, for the OIDs RFC 8951 §4 talks about. */
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

    private CsrAttrsText() {
    }

    public static CsrAttrs of(String spec) {
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
