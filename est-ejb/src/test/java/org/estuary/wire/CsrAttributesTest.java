package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.junit.jupiter.api.Test;

class CsrAttributesTest {

    /** RFC 8951 §4: the hex of its example CsrAttrs, as printed. */
    private static final byte[] RFC8951_EXAMPLE = HexFormat.of().parseHex(("30 41 06 09 2a 86 48 86 f7 0d 01 09 07 30 12 06 07 2a 86 48 ce 3d"
            + " 02 01 31 07 06 05 2b 81 04 00 22 30 16 06 09 2a 86 48 86 f7 0d 01"
            + " 09 0e 31 09 06 07 2b 06 01 01 01 01 16 06 08 2a 86 48 ce 3d 04 03"
            + " 03").replace(" ", ""));

    @Test
    void rfc7030CsrattrsExampleDecodesToItsSixEntries() throws MalformedMessage {
        CsrAttrs attributes = CsrAttributes.decode(RequestBodies.derOf(resource("a2-csrattrs-response.b64")));

        assertEquals(List.of(
                "1.3.6.1.1.1.1.22",
                "2.999.1='Parse SET as 2.999.1 data'",
                "1.2.840.113549.1.9.7",
                "2.999.2=2.999.3|2.999.4|'Parse SET as 2.999.2 data'",
                "1.3.36.3.3.2.8.1.1.11",
                "2.16.840.1.101.3.4.2.2"), describe(attributes));
    }

    @Test
    void rfc7030CsrattrsExampleKeepsItsStringValuesAsPrintableStrings() throws MalformedMessage {
        AttrOrOID[] entries = CsrAttributes.decode(RequestBodies.derOf(resource("a2-csrattrs-response.b64"))).getAttrOrOIDs();

        assertInstanceOf(DERPrintableString.class, entries[1].getAttribute().getAttrValues().getObjectAt(0));
        assertInstanceOf(DERPrintableString.class, entries[3].getAttribute().getAttrValues().getObjectAt(2));
    }

    @Test
    void rfc7030CsrattrsExampleReencodesToTheSameDer() throws MalformedMessage {
        byte[] der = RequestBodies.derOf(resource("a2-csrattrs-response.b64"));

        assertArrayEquals(der, CsrAttributes.encode(CsrAttributes.decode(der)));
    }

    @Test
    void rfc7030CsrattrsExampleIsBase64OfItsContentLength() {
        assertEquals(171, resource("a2-csrattrs-response.b64").length, "Content-Length: 171 in RFC 7030 A.2");
    }

    @Test
    void rfc8951ExampleIsWhatItsEntriesEncodeTo() {
        CsrAttrs entries = new CsrAttrs(new AttrOrOID[] {
                new AttrOrOID(new ASN1ObjectIdentifier("1.2.840.113549.1.9.7")),
                new AttrOrOID(new Attribute(new ASN1ObjectIdentifier("1.2.840.10045.2.1"),
                        new DERSet(new ASN1ObjectIdentifier("1.3.132.0.34")))),
                new AttrOrOID(new Attribute(new ASN1ObjectIdentifier("1.2.840.113549.1.9.14"),
                        new DERSet(new ASN1ObjectIdentifier("1.3.6.1.1.1.1.22")))),
                new AttrOrOID(new ASN1ObjectIdentifier("1.2.840.10045.4.3.3"))});

        assertArrayEquals(RFC8951_EXAMPLE, CsrAttributes.encode(entries));
    }

    @Test
    void rfc8951ExampleDecodesToItsFourEntries() throws MalformedMessage {
        assertEquals(List.of("1.2.840.113549.1.9.7", "1.2.840.10045.2.1=1.3.132.0.34",
                "1.2.840.113549.1.9.14=1.3.6.1.1.1.1.22", "1.2.840.10045.4.3.3"),
                describe(CsrAttributes.decode(RFC8951_EXAMPLE)));
    }

    @Test
    void anEmptySequenceDecodesAsEmptyAndEncodesBack() throws MalformedMessage {
        CsrAttrs nothing = CsrAttributes.decode(new byte[] {0x30, 0x00});

        assertTrue(CsrAttributes.isEmpty(nothing));
        assertArrayEquals(new byte[] {0x30, 0x00}, CsrAttributes.encode(nothing));
    }

    @Test
    void malformedDerIsRefused() {
        byte[] example = RFC8951_EXAMPLE;
        for (byte[] malformed : new byte[][] {
                {},
                {0x30},
                {0x02, 0x01, 0x01},
                {0x30, 0x03, 0x02, 0x01, 0x01},
                {0x30, 0x05, 0x30, 0x03, 0x06, 0x01, 0x2a},
                {0x30, 0x07, 0x30, 0x05, 0x02, 0x01, 0x01, 0x31, 0x00},
                Arrays.copyOf(example, example.length - 1),
                Arrays.copyOf(example, example.length + 1)}) {
            assertThrows(MalformedMessage.class, () -> CsrAttributes.decode(malformed), HexFormat.of().formatHex(malformed));
        }
    }

    @Test
    void mediaTypeIsApplicationCsrattrs() {
        assertEquals("application/csrattrs", CsrAttributes.MEDIA_TYPE);
    }

    /** Each entry as {@code OID} or {@code TYPE=VALUE|VALUE}, string values quoted. */
    private static List<String> describe(CsrAttrs attributes) {
        return Arrays.stream(attributes.getAttrOrOIDs())
                .map(entry -> entry.isOid() ? entry.getOid().getId()
                        : entry.getAttribute().getAttrType().getId() + "=" + Arrays.stream(entry.getAttribute().getAttributeValues())
                                .map(CsrAttributesTest::describe).collect(Collectors.joining("|")))
                .toList();
    }

    private static String describe(ASN1Encodable value) {
        if (value instanceof ASN1ObjectIdentifier oid) {
            return oid.getId();
        }
        return value instanceof ASN1String string ? "'" + string.getString() + "'" : value.toString();
    }

    private static byte[] resource(String name) {
        try (InputStream in = CsrAttributesTest.class.getResourceAsStream("/rfc7030/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
