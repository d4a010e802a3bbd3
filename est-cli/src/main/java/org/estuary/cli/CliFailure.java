package org.estuary.cli;

/** A failure {@code est} reports with one line and an exit code, never a stack trace. */
final class CliFailure extends Exception {

    private static final long serialVersionUID = 1L;

    final ExitCode exitCode;

    CliFailure(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliFailure(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }
}
