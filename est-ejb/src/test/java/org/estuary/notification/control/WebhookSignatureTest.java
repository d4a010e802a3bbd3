package org.estuary.notification.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] SECRET = "a-webhook-secret-of-some-length".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"event\":\"cert.expiring_soon\"}".getBytes(StandardCharsets.UTF_8);

    /** The value Python's hmac module computes for the same secret, timestamp and body. */
    @Test
    void isTheHmacSha256OfTimestampDotBody() {
        assertEquals("sha256=3c3043bc77b8d2d9e1793a66df0f8c225dfd272fcafe77d888939bb0f22c65f6",
                WebhookSignature.of(SECRET, 1795766400L, BODY));
        assertNotEquals(WebhookSignature.of(SECRET, 1795766400L, BODY), WebhookSignature.of(SECRET, 1795766401L, BODY));
    }
}
