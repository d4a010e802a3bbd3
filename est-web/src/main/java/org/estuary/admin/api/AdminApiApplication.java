package org.estuary.admin.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.estuary.enrollment.api.PendingEnrollmentsResource;
import org.estuary.profile.api.CertificateProfilesResource;

/** JAX-RS under {@code /api}: the admin API. */
@ApplicationPath("/api")
public class AdminApiApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(AdminApiKeyFilter.class, PendingEnrollmentsResource.class, CertificateProfilesResource.class,
                AdminExceptionMapper.class);
    }
}
