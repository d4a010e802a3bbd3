package org.estuary.ca.control;

/** What a failure of the token or the upstream came from, through the exceptions that wrap it. */
final class Causes {

    private Causes() {
    }

    /** Whether {@code failure} or one of its causes is a {@code type}. */
    static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
