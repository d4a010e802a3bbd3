package org.estuary.enrollment.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** JAX-RS under {@code /.well-known} (RFC 8615): EST now, PKI (CRL, OCSP) later. */
@ApplicationPath("/.well-known")
public class WellKnownApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(EstResource.class, EstMtlsResource.class, EstExceptionMapper.class);
    }
}
