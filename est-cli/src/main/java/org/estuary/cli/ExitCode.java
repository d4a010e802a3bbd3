package org.estuary.cli;

/** What {@code est} exits with. */
enum ExitCode {
    /** The command did what it was asked. */
    OK(0),
    /** The server refused (an HTTP error status) or a self-test step failed. */
    REFUSED(1),
    /** The command line is wrong; the message says how. */
    USAGE(2),
    /** The server could not be reached, TLS failed, or a local file could not be read or written. */
    UNREACHABLE(3);

    final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
