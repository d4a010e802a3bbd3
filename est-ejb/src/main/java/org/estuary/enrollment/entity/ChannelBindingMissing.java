package org.estuary.enrollment.entity;

/**
 * The CSR carries no usable channel binding: neither an {@code estIdentityLinking} nor a
 * {@code challengePassword} attribute, or one that is not a single base64 string (HTTP 400). A client
 * that is not configured for binding, not an attack.
 */
public class ChannelBindingMissing extends ChannelBindingRefused {

    private static final long serialVersionUID = 1L;

    public ChannelBindingMissing(String reason) {
        super(reason);
    }
}
