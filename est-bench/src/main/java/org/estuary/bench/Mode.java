package org.estuary.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a client reaches the server for each enrollment. */
enum Mode {

    /** One persistent HTTP/1.1 connection per client, opened before the clock starts. */
    KEEPALIVE("keepalive"),

    /** A fresh TCP connection and a full TLS handshake per request (no session resumption), {@code Connection: close}. */
    HANDSHAKE("handshake");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static Mode of(String label) {
        for (Mode mode : values()) {
            if (mode.label.equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode " + label + ": expected "
                + Arrays.stream(values()).map(Mode::label).collect(Collectors.joining(", ")) + " or both");
    }
}
