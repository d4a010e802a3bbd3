package org.estuary.enrollment.entity;

import static java.util.Objects.requireNonNull;

import org.estuary.wire.CmcRefusal;

/**
 * A well-formed Full PKI Request the server declines (RFC 7030 §4.3): HTTP 400 whose body is a CMC
 * failure response built from {@link #refusal()}, not plain text. The message is the audit row's.
 */
public class CmcRequestDeclined extends BadRequestBody {

    private static final long serialVersionUID = 1L;

    private final transient CmcRefusal refusal;

    public CmcRequestDeclined(CmcRefusal refusal) {
        super("Full PKI Request declined: " + refusal.getMessage());
        this.refusal = requireNonNull(refusal, "refusal");
    }

    public CmcRefusal refusal() {
        return refusal;
    }
}
