package org.estuary.enrollment.entity;

/**
 * The CSR carries a channel binding, but not this connection's (HTTP 409): the CSR was signed for
 * another TLS connection, as when someone relays a device's request through a TLS session of their
 * own. A security event, not a configuration mistake.
 */
public class ChannelBindingMismatch extends ChannelBindingRefused {

    private static final long serialVersionUID = 1L;

    public ChannelBindingMismatch() {
        super("the CSR's channel binding does not match this TLS connection");
    }
}
