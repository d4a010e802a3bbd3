package org.estuary.wire;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the DER inside an EST request body as real clients send it.
 *
 * <p>RFC 8951 §3.2: the body is base64 and the Content-Transfer-Encoding header is ignored; line
 * breaks (CR, LF) and other white space are tolerated. Beyond the RFC, as devices send them: PEM
 * armour ({@code -----BEGIN ...-----}, Cisco IOS under {@code application/x-pem-file}) and a raw
 * DER body (whose second octet, a long-form length, can never be a base64 character).
 */
public final class RequestBodies {

    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final String PEM_END = "-----END ";

    private RequestBodies() {
    }

    /** Returns the DER carried by {@code body}, or says why there is none. */
    public static byte[] derOf(byte[] body) throws MalformedMessage {
        if (body == null || body.length == 0) {
            throw new MalformedMessage("empty request body");
        }
        if (isRawDer(body)) {
            return body;
        }
        String text = new String(body, StandardCharsets.US_ASCII);
        if (text.contains(PEM_BEGIN)) {
            text = pemPayload(text);
        }
        StringBuilder base64 = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                base64.append(c);
            }
        }
        if (base64.length() == 0) {
            throw new MalformedMessage("empty request body");
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException notBase64) {
            throw new MalformedMessage("request body is not base64");
        }
    }

    private static boolean isRawDer(byte[] body) {
        return body.length > 1 && body[0] == 0x30 && (body[1] & 0x80) != 0;
    }

    private static String pemPayload(String text) throws MalformedMessage {
        int begin = text.indexOf(PEM_BEGIN);
        int bodyStart = text.indexOf('\n', begin);
        int end = text.indexOf(PEM_END, begin);
        if (bodyStart < 0 || end < 0 || end < bodyStart) {
            throw new MalformedMessage("incomplete PEM armour in request body");
        }
        return text.substring(bodyStart + 1, end);
    }
}
