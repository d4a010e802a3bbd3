package org.estuary.audit.entity;

import java.util.EnumSet;
import java.util.List;

/** The typed outcome codes of EST, as operators and dashboards know them. */
public enum AuditAction {
    SIMPLE_ENROLL_SUCCESS("est_simple_enroll_success"),
    SIMPLE_ENROLL_FAILED("est_simple_enroll_failed"),
    SIMPLE_REENROLL_SUCCESS("est_simple_reenroll_success"),
    SIMPLE_REENROLL_FAILED("est_simple_reenroll_failed"),
    SERVER_KEYGEN_SUCCESS("est_server_keygen_success"),
    SERVER_KEYGEN_FAILED("est_server_keygen_failed"),
    AUTH_FAILED_BASIC("est_auth_failed_basic"),
    AUTH_FAILED_MTLS("est_auth_failed_mtls"),
    AUTH_FAILED_CHANNEL_BINDING("est_auth_failed_channel_binding"),
    RATE_LIMITED("est_rate_limited"),
    CSR_POLICY_VIOLATION("est_csr_policy_violation"),
    BULK_REVOKE("est_bulk_revoke"),
    TRUST_ANCHOR_RELOADED("est_trust_anchor_reloaded"),
    /** Not in the reference guide: manual approval (RFC 7030 §4.2.3 202 responses). */
    ENROLLMENT_PENDING("est_enrollment_pending"),
    ENROLLMENT_APPROVED("est_enrollment_approved"),
    ENROLLMENT_REJECTED("est_enrollment_rejected"),
    /** Not in the reference guide: a certificate profile created, replaced or deleted through the admin API. */
    CERTIFICATE_PROFILE_CHANGED("est_certificate_profile_changed"),
    /** Not in the reference guide: one certificate revoked through the admin API (bulk revocations are {@link #BULK_REVOKE}). */
    CERTIFICATE_REVOKED("est_certificate_revoked"),
    /** Not in the reference guide: a CA key rolled over through the admin API (RFC 7030 §4.1.3). */
    CA_ROLLED_OVER("est_ca_rollover"),
    /** Not in the reference guide: an administrator signed in to the console, or a sign-in was refused. */
    CONSOLE_SIGN_IN("est_console_sign_in"),
    CONSOLE_SIGN_IN_FAILED("est_console_sign_in_failed"),
    /** Not in the reference guide: an admin API request refused (bad body, unknown serial, conflict). */
    ADMIN_REQUEST_REFUSED("est_admin_request_refused");

    /** The EST outcomes the reference guide counts per profile: the console's counter grid, in this order. */
    public static final List<AuditAction> PROFILE_OUTCOMES = List.copyOf(EnumSet.range(SIMPLE_ENROLL_SUCCESS, TRUST_ANCHOR_RELOADED));

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    /** The stored and displayed code, e.g. {@code est_simple_enroll_success}. */
    public String code() {
        return code;
    }

    public static AuditAction ofCode(String code) {
        for (AuditAction action : values()) {
            if (action.code.equals(code)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown audit action " + code);
    }
}
