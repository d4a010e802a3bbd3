package org.estuary.enrollment.entity;

/** The client is known, but may not have what it asks for (HTTP 403). */
public class NotAuthorized extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    public NotAuthorized(String reason) {
        super(reason);
    }
}
