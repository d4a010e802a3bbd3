package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class CertificationRequestsTest {

    private static final Provider BC = new BouncyCastleProvider();

    @Test
    void rfc7030EnrollRequestParsesAndItsSignatureVerifies() throws MalformedMessage {
        PKCS10CertificationRequest csr = CertificationRequests.decodeVerified(
                RequestBodies.derOf(Rfc7030Vectors.simpleEnrollRequest()), BC);

        assertEquals("CN=demostep4 1368141352", csr.getSubject().toString());
    }

    @Test
    void aTamperedSignatureIsRefused() throws MalformedMessage {
        byte[] der = RequestBodies.derOf(Rfc7030Vectors.simpleEnrollRequest());
        der[der.length - 10] ^= 0x40;

        MalformedMessage refused = assertThrows(MalformedMessage.class, () -> CertificationRequests.decodeVerified(der, BC));
        assertEquals("CSR signature does not verify", refused.getMessage());
    }

    @Test
    void aTamperedSubjectIsRefused() throws MalformedMessage {
        byte[] der = RequestBodies.derOf(Rfc7030Vectors.simpleEnrollRequest());
        int subjectText = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("demostep4");
        der[subjectText] = 'D';

        assertThrows(MalformedMessage.class, () -> CertificationRequests.decodeVerified(der, BC));
    }

    @Test
    void somethingElseIsNotACsr() {
        MalformedMessage refused = assertThrows(MalformedMessage.class,
                () -> CertificationRequests.decodeVerified(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, BC));
        assertEquals("request body is not a PKCS#10 certification request", refused.getMessage());
    }
}
