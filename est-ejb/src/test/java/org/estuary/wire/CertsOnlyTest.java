package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertsOnlyTest {

    @Test
    void rfc7030CacertsExampleHoldsItsFourCertificates() throws MalformedMessage {
        List<X509Certificate> certificates = CertsOnly.decode(RequestBodies.derOf(Rfc7030Vectors.cacertsResponse()));

        assertEquals(List.of("CN=estExampleCA OwO", "CN=estExampleCA NwO", "CN=estExampleCA OwN", "CN=estExampleCA NwN"),
                certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
    }

    @Test
    void rfc7030EnrollResponseHoldsTheIssuedCertificate() throws MalformedMessage {
        List<X509Certificate> certificates = CertsOnly.decode(RequestBodies.derOf(Rfc7030Vectors.simpleEnrollResponse()));

        assertEquals(1, certificates.size());
        assertEquals("CN=demostep4 1368141352", certificates.get(0).getSubjectX500Principal().getName());
    }

    @Test
    void encodesCertificatesInOrderAndDecodesThemBack() throws Exception {
        List<X509Certificate> original = CertsOnly.decode(RequestBodies.derOf(Rfc7030Vectors.cacertsResponse()));

        List<X509Certificate> roundTrip = CertsOnly.decode(CertsOnly.encode(original));

        assertEquals(original.size(), roundTrip.size());
        for (int i = 0; i < original.size(); i++) {
            assertArrayEquals(original.get(i).getEncoded(), roundTrip.get(i).getEncoded());
        }
    }

    @Test
    void encodingHasDefiniteLengths() throws Exception {
        byte[] encoded = CertsOnly.encode(CertsOnly.decode(RequestBodies.derOf(Rfc7030Vectors.simpleEnrollResponse())));

        assertEquals(0x30, encoded[0]);
        assertEquals((byte) 0x82, encoded[1], "definite length, not BER indefinite");
    }

    @Test
    void refusesWhatIsNotSignedData() {
        assertThrows(MalformedMessage.class, () -> CertsOnly.decode(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));
    }

    @Test
    void mediaTypeKeepsTheSpaceClientsMatchOn() {
        assertEquals("application/pkcs7-mime; smime-type=certs-only", CertsOnly.MEDIA_TYPE);
    }
}
