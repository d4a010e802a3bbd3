package org.estuary.admin.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.estuary.audit.api.AuditResource;
import org.estuary.enrollment.api.PendingEnrollmentsResource;
import org.estuary.auth.api.TrustReloadResource;
import org.estuary.ca.api.CertificatesResource;
import org.estuary.ca.api.IssuerRolloverResource;
import org.estuary.profile.api.CertificateProfilesResource;
import org.estuary.profile.api.EstProfilesResource;
import org.estuary.revocation.api.BulkRevocationResource;
import org.estuary.revocation.api.CertificateRevocationResource;

/** JAX-RS under {@code /api}: the admin API. */
@ApplicationPath("/api")
public class AdminApiApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(PendingEnrollmentsResource.class, CertificateProfilesResource.class,
                EstProfilesResource.class, TrustReloadResource.class, CertificatesResource.class, AuditResource.class,
                CertificateRevocationResource.class, BulkRevocationResource.class, IssuerRolloverResource.class,
                AdminExceptionMapper.class);
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
