package org.estuary.enrollment.entity;

/** An optional EST operation this server does not offer (HTTP 501). */
public class NotImplemented extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    public NotImplemented(String reason) {
        super(reason);
    }
}
