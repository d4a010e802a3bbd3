package org.estuary.admin.entity;

/**
 * An admin API request the server declines, with the short reason the caller is told and why, which
 * the admin API turns into its status. Each feature names its own kind.
 */
public abstract class AdminRequestRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a request is refused. */
    public enum Why {
        /** The request breaks a rule of its format (HTTP 400). */
        INVALID,
        /** What it names does not exist (HTTP 404). */
        UNKNOWN,
        /** It clashes with the state of what it names (HTTP 409). */
        CONFLICT
    }

    private final Why why;

    protected AdminRequestRefused(Why why, String reason) {
        super(reason);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
