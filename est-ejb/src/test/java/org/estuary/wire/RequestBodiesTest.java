package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    private static final byte[] CSR = Base64.getMimeDecoder().decode(Rfc7030Vectors.simpleEnrollRequest());

    @Test
    void readsTheRfcExampleAsPrintedWithLineBreaks() throws MalformedMessage {
        assertArrayEquals(CSR, RequestBodies.derOf(Rfc7030Vectors.simpleEnrollRequest()));
    }

    @Test
    void toleratesCrlfSpacesAndTabs() throws MalformedMessage {
        String base64 = Base64.getEncoder().encodeToString(CSR);
        String messy = " \t" + base64.substring(0, 10) + "\r\n" + base64.substring(10, 50) + " \t\r\n"
                + base64.substring(50) + "\r\n\r\n";

        assertArrayEquals(CSR, RequestBodies.derOf(messy.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void readsPemArmourWithTrailingNewlines() throws MalformedMessage {
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(CSR)
                + "\n-----END CERTIFICATE REQUEST-----\n\n\n";

        assertArrayEquals(CSR, RequestBodies.derOf(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void acceptsRawDer() throws MalformedMessage {
        assertArrayEquals(CSR, RequestBodies.derOf(CSR));
    }

    @Test
    void acceptsBase64WithoutPadding() throws MalformedMessage {
        byte[] two = {1, 2};
        assertArrayEquals(two, RequestBodies.derOf("AQI".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void refusesWhatIsNotBase64() {
        MalformedMessage refused = assertThrows(MalformedMessage.class,
                () -> RequestBodies.derOf("MIIB*not base64".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("request body is not base64", refused.getMessage());
    }

    @Test
    void refusesEmptyAndBlankBodies() {
        assertThrows(MalformedMessage.class, () -> RequestBodies.derOf(new byte[0]));
        assertThrows(MalformedMessage.class, () -> RequestBodies.derOf(" \r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void refusesPemWithoutEndLine() {
        assertThrows(MalformedMessage.class, () -> RequestBodies.derOf(
                "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n".getBytes(StandardCharsets.US_ASCII)));
    }
}
