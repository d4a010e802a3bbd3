package org.estuary.enrollment.entity;

/** Which of a profile's two doors a request came through. */
public enum EstRoute {
    /** {@code /.well-known/est/<label>/}: anonymous or HTTP Basic. */
    EST,
    /** {@code /.well-known/est-mtls/<label>/}: a client certificate from the profile's trust bundle. */
    EST_MTLS
}
