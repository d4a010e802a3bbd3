package org.estuary.enrollment.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;
import org.estuary.enrollment.entity.EstRoute;

/** {@code /.well-known/est/}: anonymous and HTTP Basic profiles (RFC 7030 §3.2.2, §3.2.3). */
@Path("est")
@ApplicationScoped
public class EstResource extends EstPaths {

    @Override
    protected EstRoute route() {
        return EstRoute.EST;
    }
}
