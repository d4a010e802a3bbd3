package org.estuary.enrollment.entity;

/**
 * The connection has no {@code tls-exporter} channel binding to compare with: it is not TLS 1.3
 * (RFC 9266 §4.2), so the client must upgrade (HTTP 426).
 */
public class ChannelBindingNeedsTls13 extends ChannelBindingRefused {

    private static final long serialVersionUID = 1L;

    public ChannelBindingNeedsTls13(String protocol) {
        super("linking of identity and POP information requires TLS 1.3 for the tls-exporter channel binding; "
                + "this connection uses " + protocol);
    }
}
