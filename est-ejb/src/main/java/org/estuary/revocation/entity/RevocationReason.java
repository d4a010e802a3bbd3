package org.estuary.revocation.entity;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.CRLReason;

/**
 * Why a certificate was revoked: the CRLReason values of RFC 5280 §5.3.1, named as the RFC names
 * them. certificateHold and removeFromCRL are not offered: this server does not suspend
 * certificates, so every revocation is final.
 */
public enum RevocationReason {
    UNSPECIFIED("unspecified", CRLReason.unspecified),
    KEY_COMPROMISE("keyCompromise", CRLReason.keyCompromise),
    CA_COMPROMISE("cACompromise", CRLReason.cACompromise),
    AFFILIATION_CHANGED("affiliationChanged", CRLReason.affiliationChanged),
    SUPERSEDED("superseded", CRLReason.superseded),
    CESSATION_OF_OPERATION("cessationOfOperation", CRLReason.cessationOfOperation),
    PRIVILEGE_WITHDRAWN("privilegeWithdrawn", CRLReason.privilegeWithdrawn),
    AA_COMPROMISE("aACompromise", CRLReason.aACompromise);

    private final String rfcName;
    private final int code;

    RevocationReason(String rfcName, int code) {
        this.rfcName = rfcName;
        this.code = code;
    }

    /** The RFC 5280 name, as the admin API and the record spell it: {@code keyCompromise}. */
    public String rfcName() {
        return rfcName;
    }

    /** The CRLReason enumeration value (RFC 5280 §5.3.1). */
    public int code() {
        return code;
    }

    /**
     * RFC 5280 §5.3.1: "the reason code CRL entry extension SHOULD be absent instead of using the
     * unspecified (0) reasonCode value".
     */
    public boolean isStated() {
        return this != UNSPECIFIED;
    }

    /**
     * The reason named {@code name}, exactly as RFC 5280 spells it.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code name} is none of them
     */
    public static RevocationReason ofName(String name) {
        return Arrays.stream(values()).filter(reason -> reason.rfcName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown revocation reason; allowed: " + allowedNames()));
    }

    /** The allowed names, comma-separated. */
    public static String allowedNames() {
        return Arrays.stream(values()).map(RevocationReason::rfcName).collect(Collectors.joining(", "));
    }
}
