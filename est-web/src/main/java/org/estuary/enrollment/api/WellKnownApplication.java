package org.estuary.enrollment.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.estuary.revocation.api.CrlResource;
import org.estuary.revocation.api.OcspResource;

/** JAX-RS under {@code /.well-known} (RFC 8615): EST, and the PKI of revocation (CRLs, OCSP). */
@ApplicationPath("/.well-known")
public class WellKnownApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(EstResource.class, EstMtlsResource.class, CrlResource.class, OcspResource.class, EstExceptionMapper.class,
                UnreadableMediaTypes.class);
    }

    /**
     * An answer without a body (a bare 401 challenge) goes out as set, not through the container's
     * error page: Payara's error path adds an empty Content-Language header that breaks HTTP/2.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.response.setStatusOverSendError", true);
    }
}
