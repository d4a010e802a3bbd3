package org.estuary.enrollment.entity;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the TLS layer says about the connection a request came over: the negotiated protocol and,
 * over TLS 1.3, the connection's RFC 9266 {@code tls-exporter} channel binding. The exporter is not
 * secret (RFC 9266 §5.1, "Channel-binding is secret: no") and is never to be used as a key (§4).
 *
 * @param protocol the negotiated protocol as JSSE names it: {@code TLSv1.3}, {@code TLSv1.2}
 * @param tlsExporter the 32 bytes of exported keying material (label {@code EXPORTER-Channel-Binding},
 *     empty context); empty when the connection has none
 */
public record TlsSession(String protocol, byte[] tlsExporter) {

    /** The only protocol whose exporter we take as a channel binding (RFC 9266 §4.2). */
    public static final String TLS_1_3 = "TLSv1.3";

    /** RFC 9266 §2: "Length: 32 bytes." */
    public static final int EXPORTER_LENGTH = 32;

    public TlsSession {
        requireNonNull(protocol, "protocol");
        tlsExporter = requireNonNull(tlsExporter, "tlsExporter").clone();
        if (tlsExporter.length != 0 && tlsExporter.length != EXPORTER_LENGTH) {
            throw new IllegalArgumentException("a tls-exporter value has " + EXPORTER_LENGTH + " bytes, not "
                    + tlsExporter.length);
        }
    }

    /** A connection that offers no channel binding, such as one over TLS 1.2. */
    public static TlsSession withoutExporter(String protocol) {
        return new TlsSession(protocol, new byte[0]);
    }

    @Override
    public byte[] tlsExporter() {
        return tlsExporter.clone();
    }

    /** The tls-exporter value, when the connection has one. */
    public Optional<byte[]> exporter() {
        return tlsExporter.length == 0 ? Optional.empty() : Optional.of(tlsExporter.clone());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsSession session && protocol.equals(session.protocol)
                && Arrays.equals(tlsExporter, session.tlsExporter);
    }

    @Override
    public int hashCode() {
        return 31 * protocol.hashCode() + Arrays.hashCode(tlsExporter);
    }

    @Override
    public String toString() {
        return "TlsSession[" + protocol + (tlsExporter.length == 0 ? ", no tls-exporter"
                : ", tls-exporter " + HexFormat.of().formatHex(tlsExporter)) + "]";
    }
}
