package org.estuary.revocation.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class OcspResourceTest {

    /** Bytes whose base64 has '+', '/' and '=' in it. */
    private static final byte[] DER = {0x30, (byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x3e, 0x01, 0x02};

    @Test
    void aGetRequestIsReadFromStandardOrUrlSafeBase64WithOrWithoutPercentEncoding() {
        String standard = Base64.getEncoder().encodeToString(DER);
        assertEquals("MPv/vz4BAg==", standard);

        assertArrayEquals(DER, OcspResource.base64OfGet(standard));
        assertArrayEquals(DER, OcspResource.base64OfGet("MPv%2Fvz4BAg%3D%3D"));
        assertArrayEquals(DER, OcspResource.base64OfGet("MPv%2fvz4BAg%3d%3d"));
        assertArrayEquals(DER, OcspResource.base64OfGet(Base64.getUrlEncoder().encodeToString(DER)));
        assertArrayEquals(DER, OcspResource.base64OfGet(Base64.getUrlEncoder().withoutPadding().encodeToString(DER)));
        assertArrayEquals(DER, OcspResource.base64OfGet("MPv%2Bvz4BAg".replace("%2B", "/")));
    }

    @Test
    void whatDoesNotDecodeIsEmptyForTheResponderToCallMalformed() {
        assertEquals(0, OcspResource.base64OfGet("%zz").length);
        assertEquals(0, OcspResource.base64OfGet("abc%4").length);
        assertEquals(0, OcspResource.base64OfGet("!!!").length);
    }
}
