package org.estuary.wire;

import static java.util.Objects.requireNonNull;

import org.bouncycastle.asn1.cmc.CMCFailInfo;

/**
 * A well-formed Full PKI Request this server declines: answered with a Full PKI Response whose
 * CMCStatusInfoV2 is {@code failed} with {@link #failInfo()} (RFC 5272 §6.1.4 CMCFailInfo), not with
 * plain text. The message is client-safe and travels as the status string.
 */
public class CmcRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient CMCFailInfo failInfo;
    private final long bodyPartId;
    private final transient FullCmcRequest.Echo echo;

    /**
     * @param bodyPartId the body part the failure is about; 0 names the whole PKIData (RFC 5272 §3.2.2)
     * @param echo the transaction identifier and sender nonce read so far, returned to the client
     */
    CmcRefusal(CMCFailInfo failInfo, long bodyPartId, FullCmcRequest.Echo echo, String reason) {
        super(reason);
        this.failInfo = requireNonNull(failInfo, "failInfo");
        this.bodyPartId = bodyPartId;
        this.echo = requireNonNull(echo, "echo");
    }

    public CMCFailInfo failInfo() {
        return failInfo;
    }

    public long bodyPartId() {
        return bodyPartId;
    }

    public FullCmcRequest.Echo echo() {
        return echo;
    }
}
