package org.estuary.enrollment.api;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.estuary.auth.api.RequestOrigin;
import org.estuary.audit.api.OutcomeMetrics;
import org.estuary.enrollment.boundary.Enrollment;
import org.estuary.enrollment.entity.EnrollmentRefused;
import org.estuary.enrollment.entity.EstRoute;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.EstProfile;

/**
 * RFC 7030 §3.2.2's paths under one route: with labelled profiles configured each is at
 * {@code <route>/<label>/<operation>}; without, the root profile answers at
 * {@code <route>/<operation>}. A path naming no profile served on this route is 404.
 */
public abstract class EstPaths {

    @Inject
    Enrollment enrollment;

    @Inject
    EstProfiles profiles;

    @Inject
    RequestOrigin origin;

    @Inject
    OutcomeMetrics metrics;

    @Context
    HttpServletRequest request;

    /** Which route this is. */
    protected abstract EstRoute route();

    /** RFC 7030 §3.2.2: "/.well-known/est/arbitraryLabel1/<operation>". */
    @Path("{label}")
    public EstOperations labelled(@PathParam("label") String label) {
        if (label.isEmpty()) {
            throw new NotFoundException();
        }
        return operationsOf(label);
    }

    @GET
    @Path("cacerts")
    public Response cacerts() {
        return operationsOf("").cacerts();
    }

    @GET
    @Path("csrattrs")
    public Response csrAttributes() {
        return operationsOf("").csrAttributes();
    }

    @POST
    @Path("simpleenroll")
    public Response simpleEnroll(InputStream body) throws IOException, EnrollmentRefused {
        return operationsOf("").simpleEnroll(body);
    }

    @POST
    @Path("simplereenroll")
    public Response simpleReenroll(InputStream body) throws IOException, EnrollmentRefused {
        return operationsOf("").simpleReenroll(body);
    }

    @POST
    @Path("serverkeygen")
    public Response serverKeygen(InputStream body) throws IOException, EnrollmentRefused {
        return operationsOf("").serverKeygen(body);
    }

    @POST
    @Path("fullcmc")
    public Response fullCmc(InputStream body) throws IOException, EnrollmentRefused {
        return operationsOf("").fullCmc(body);
    }

    private EstOperations operationsOf(String label) {
        EstProfile profile = profiles.byLabel(label).filter(this::servedHere).orElseThrow(NotFoundException::new);
        return new EstOperations(enrollment, profile, route(), request, origin, metrics);
    }

    /** The mTLS route serves the profiles with mtls among their modes; the other serves anonymous and Basic profiles. */
    private boolean servedHere(EstProfile profile) {
        return route() == EstRoute.EST_MTLS ? profile.authentication().servesMtlsRoute() : profile.authentication().servesEstRoute();
    }
}
