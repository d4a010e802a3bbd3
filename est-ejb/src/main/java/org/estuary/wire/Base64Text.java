package org.estuary.wire;

import java.util.Arrays;
import java.util.Base64;

/** The base64 form of an EST response body: 64 columns, LF line ends, a final LF (RFC 7030 §4.1.3, RFC 8951 §3.2). */
public final class Base64Text {

    private static final Base64.Encoder WRAPPED = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Base64Text() {
    }

    public static byte[] of(byte[] der) {
        byte[] wrapped = WRAPPED.encode(der);
        byte[] withFinalNewline = Arrays.copyOf(wrapped, wrapped.length + 1);
        withFinalNewline[wrapped.length] = '\n';
        Arrays.fill(wrapped, (byte) 0); // the text of a private key must not linger in an unreachable copy
        return withFinalNewline;
    }
}
