package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class MultipartMixedTest {

    private static final String RFC_CONTENT_TYPE = "multipart/mixed ; boundary=estServerExampleBoundary";

    @Test
    void rfc7030ServerkeygenResponseHoldsAKeyPartAndACertificatePart() throws MalformedMessage {
        List<MultipartMixed.Part> parts = MultipartMixed.decode(RFC_CONTENT_TYPE, resource("a4-serverkeygen-response.txt"));

        assertEquals(List.of("application/pkcs8", "application/pkcs7-mime; smime-type=certs-only"),
                parts.stream().map(MultipartMixed.Part::contentType).toList());
    }

    @Test
    void rfc7030ServerkeygenKeyPartIsAPrivateKeyInfoForTheIssuedCertificate() throws Exception {
        List<MultipartMixed.Part> parts = MultipartMixed.decode(RFC_CONTENT_TYPE, resource("a4-serverkeygen-response.txt"));

        byte[] pkcs8 = RequestBodies.derOf(parts.get(0).base64Body());
        PrivateKeyInfo key = PrivateKeyInfo.getInstance(pkcs8);
        List<X509Certificate> certificates = CertsOnly.decode(RequestBodies.derOf(parts.get(1).base64Body()));

        assertEquals(PKCSObjectIdentifiers.rsaEncryption, key.getPrivateKeyAlgorithm().getAlgorithm());
        assertEquals(1, certificates.size());
        assertEquals("CN=serverside key generated response", certificates.get(0).getSubjectX500Principal().getName());
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        PublicKey certified = certificates.get(0).getPublicKey();
        assertEquals(((RSAPublicKey) certified).getModulus(), privateKey.getModulus(), "the certificate certifies the returned key");
    }

    @Test
    void rfc7030ServerkeygenRequestIsACsrWhoseSignatureVerifies() throws MalformedMessage {
        byte[] der = RequestBodies.derOf(resource("a4-serverkeygen-request.b64"));

        PKCS10CertificationRequest csr = CertificationRequests.decodeVerified(der, new BouncyCastleProvider());

        assertEquals("CN=serverKeyGen req by client in demo step 12 1368141955,SERIALNUMBER=PID:Widget SN:10",
                csr.getSubject().toString());
        assertEquals(963, resource("a4-serverkeygen-request.b64").length, "Content-Length: 963 in RFC 7030 A.4");
    }

    @Test
    void encodedPartsDecodeBackToTheSameContentTypesAndBase64() throws MalformedMessage {
        byte[] key = new byte[300];
        byte[] certs = new byte[1000];
        for (int i = 0; i < certs.length; i++) {
            certs[i] = (byte) (i * 7);
            key[i % key.length] = (byte) i;
        }
        List<MultipartMixed.Part> parts = List.of(
                new MultipartMixed.Part("application/pkcs8", Base64Text.of(key)),
                new MultipartMixed.Part(CertsOnly.MEDIA_TYPE, Base64Text.of(certs)));

        MultipartMixed.Encoded encoded = MultipartMixed.encode(parts);
        List<MultipartMixed.Part> decoded = MultipartMixed.decode(encoded.contentType(), encoded.body());

        assertEquals(List.of("application/pkcs8", CertsOnly.MEDIA_TYPE), decoded.stream().map(MultipartMixed.Part::contentType).toList());
        assertArrayEquals(key, Base64.getMimeDecoder().decode(decoded.get(0).base64Body()));
        assertArrayEquals(certs, Base64.getMimeDecoder().decode(decoded.get(1).base64Body()));
        assertEquals(new String(Base64Text.of(certs), StandardCharsets.US_ASCII).strip(), decoded.get(1).base64Text(),
                "64-column lines kept, surrounding white space trimmed");
    }

    @Test
    void encodingIsExactlyDelimiterTwoHeadersBlankLineBase64WithCrlf() {
        MultipartMixed.Encoded encoded = MultipartMixed.encode(List.of(
                new MultipartMixed.Part("application/pkcs8", "QUJD\nREVG\n".getBytes(StandardCharsets.US_ASCII)),
                new MultipartMixed.Part(CertsOnly.MEDIA_TYPE, "MIIB".getBytes(StandardCharsets.US_ASCII))));
        String b = encoded.boundary();

        assertEquals("--" + b + "\r\n"
                + "Content-Type: application/pkcs8\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + "QUJD\r\nREVG\r\n"
                + "--" + b + "\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=certs-only\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + "MIIB\r\n"
                + "--" + b + "--\r\n", new String(encoded.body(), StandardCharsets.US_ASCII));
        assertEquals("multipart/mixed; boundary=" + b, encoded.contentType());
    }

    @Test
    void boundaryIsEstAndTwentyFourRandomHexDigits() {
        List<MultipartMixed.Part> parts = List.of(new MultipartMixed.Part("application/pkcs8", "QUJD".getBytes(StandardCharsets.US_ASCII)));

        String first = MultipartMixed.encode(parts).boundary();
        String second = MultipartMixed.encode(parts).boundary();

        assertTrue(first.matches("est-[0-9a-f]{24}"), first);
        assertNotEquals(first, second);
    }

    @Test
    void encodingRefusesWhatWouldBreakTheMessage() {
        byte[] base64 = "QUJD".getBytes(StandardCharsets.US_ASCII);
        assertThrows(IllegalArgumentException.class, () -> MultipartMixed.encode(List.of()));
        assertThrows(IllegalArgumentException.class, () -> MultipartMixed.encode(List.of(
                new MultipartMixed.Part("application/pkcs8\r\nX-Injected: yes", base64))));
        assertThrows(IllegalArgumentException.class, () -> MultipartMixed.encode(List.of(
                new MultipartMixed.Part("application/pkcs8", "QUJD\r\n--est-0\r\n".getBytes(StandardCharsets.US_ASCII)))));
    }

    @Test
    void decodingToleratesCaseQuotingFoldingPaddingAndMissingContentType() throws MalformedMessage {
        String body = "preamble\n"
                + "--a'b(c)+_,-./:=?   \n"
                + "content-TYPE: application/pkcs8\n"
                + "X-Other: x\n"
                + "\n"
                + "  QUJD\n  \n"
                + "--a'b(c)+_,-./:=?\r\n"
                + "CONTENT-TYPE: application/pkcs7-mime;\r\n"
                + "\tsmime-type=certs-only\r\n"
                + "\r\n"
                + "REVG\r\nR0hJ\r\n"
                + "--a'b(c)+_,-./:=?\n"
                + "\n"
                + "SktM\n"
                + "--a'b(c)+_,-./:=?--  \n"
                + "epilogue\n--a'b(c)+_,-./:=?\n";

        List<MultipartMixed.Part> parts = MultipartMixed.decode("Multipart/Mixed; charset=\"x;y\"; BOUNDARY=\"a'b(c)+_,-./:=?\"",
                body.getBytes(StandardCharsets.US_ASCII));

        assertEquals(List.of(
                new MultipartMixed.Part("application/pkcs8", "QUJD".getBytes(StandardCharsets.US_ASCII)),
                new MultipartMixed.Part("application/pkcs7-mime; smime-type=certs-only", "REVG\nR0hJ".getBytes(StandardCharsets.US_ASCII)),
                new MultipartMixed.Part("text/plain; charset=us-ascii", "SktM".getBytes(StandardCharsets.US_ASCII))), parts);
    }

    @Test
    void aLongerBoundaryInTheTextIsNotADelimiter() throws MalformedMessage {
        String body = "--b\n\nQUJD\n--bb\n--b--\n";

        List<MultipartMixed.Part> parts = MultipartMixed.decode("multipart/mixed; boundary=b", body.getBytes(StandardCharsets.US_ASCII));

        assertEquals("QUJD\n--bb", parts.get(0).base64Text());
    }

    @Test
    void malformedMultipartBodiesAreRefused() {
        byte[] good = "--b\r\n\r\nQUJD\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(MalformedMessage.class, () -> MultipartMixed.decode("application/pkcs8", good));
        assertThrows(MalformedMessage.class, () -> MultipartMixed.decode("multipart/mixed", good));
        assertThrows(MalformedMessage.class, () -> MultipartMixed.decode("multipart/mixed; boundary=\"\"", good));
        assertThrows(MalformedMessage.class, () -> MultipartMixed.decode(null, good));
        assertThrows(MalformedMessage.class, () -> MultipartMixed.decode("multipart/mixed; boundary=c", good));
        assertThrows(MalformedMessage.class, () -> MultipartMixed.decode("multipart/mixed; boundary=b",
                "--b\r\n\r\nQUJD\r\n".getBytes(StandardCharsets.US_ASCII)), "no closing delimiter");
        assertThrows(MalformedMessage.class, () -> MultipartMixed.decode("multipart/mixed; boundary=b",
                "--b\r\nContent-Type: application/pkcs8\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII)), "no blank line");
        assertThrows(MalformedMessage.class, () -> MultipartMixed.decode("multipart/mixed; boundary=b",
                "--b--\r\n".getBytes(StandardCharsets.US_ASCII)), "no parts");
    }

    private static byte[] resource(String name) {
        try (InputStream in = MultipartMixedTest.class.getResourceAsStream("/rfc7030/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
