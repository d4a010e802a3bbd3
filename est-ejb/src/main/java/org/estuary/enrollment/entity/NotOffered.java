package org.estuary.enrollment.entity;

/** An EST operation this profile does not publish, such as serverkeygen when it is switched off (HTTP 404). */
public class NotOffered extends EnrollmentRefused {

    private static final long serialVersionUID = 1L;

    public NotOffered(String reason) {
        super(reason);
    }
}
