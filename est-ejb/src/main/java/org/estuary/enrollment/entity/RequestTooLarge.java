package org.estuary.enrollment.entity;

/** The body exceeds what any EST message needs (HTTP 413). */
public class RequestTooLarge extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    public RequestTooLarge(int limit) {
        super("request body exceeds " + limit + " bytes");
    }
}
