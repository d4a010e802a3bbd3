package org.estuary.enrollment.entity;

/** The client did not prove who it is, or proved it with credentials we do not accept (HTTP 401). */
public class AuthenticationRequired extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    public AuthenticationRequired(String reason) {
        super(reason);
    }
}
