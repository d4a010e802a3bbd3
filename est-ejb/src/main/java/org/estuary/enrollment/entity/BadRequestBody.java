package org.estuary.enrollment.entity;

/** The body is not the message the endpoint expects: not base64, not a CSR, a bad signature (HTTP 400). */
public class BadRequestBody extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    public BadRequestBody(String reason) {
        super(reason);
    }
}
