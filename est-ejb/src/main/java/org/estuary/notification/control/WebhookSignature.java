package org.estuary.notification.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a webhook receiver checks: {@code X-Estuary-Signature: sha256=<hex>}, the
 * HMAC-SHA256 with the configured secret of {@code <X-Estuary-Timestamp>.<body>} (the timestamp in
 * epoch seconds, so that a receiver can refuse replays of old deliveries).
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String of(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("HmacSHA256 is not available", missing);
        }
    }
}
