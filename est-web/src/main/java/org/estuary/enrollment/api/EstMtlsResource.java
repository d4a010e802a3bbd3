package org.estuary.enrollment.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;
import org.estuary.enrollment.entity.EstRoute;

/** {@code /.well-known/est-mtls/}: profiles whose clients authenticate with a certificate from the profile's trust bundle (RFC 7030 §3.3.2). */
@Path("est-mtls")
@ApplicationScoped
public class EstMtlsResource extends EstPaths {

    @Override
    protected EstRoute route() {
        return EstRoute.EST_MTLS;
    }
}
