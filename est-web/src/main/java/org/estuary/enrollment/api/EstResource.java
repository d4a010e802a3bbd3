package org.estuary.enrollment.api;

import jakarta.enterprise.context.RequestScoped;
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
import org.estuary.enrollment.boundary.Enrollment;
import org.estuary.enrollment.entity.EnrollmentRefused;
import org.estuary.enrollment.entity.NotImplemented;
import org.estuary.profile.control.EstProfiles;

/**
 * {@code /.well-known/est/}: RFC 7030 §3.2.2's paths. With labelled profiles configured each is at
 * {@code /.well-known/est/<label>/<operation>}; without, one profile answers at
 * {@code /.well-known/est/<operation>}. A path naming no configured profile is 404.
 */
@Path("est")
@RequestScoped
public class EstResource {

    @Inject
    Enrollment enrollment;

    @Inject
    EstProfiles profiles;

    @Context
    HttpServletRequest request;

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
    public Response fullCmc() throws NotImplemented {
        return operationsOf("").fullCmc();
    }

    private EstOperations operationsOf(String label) {
        return new EstOperations(enrollment, profiles.byLabel(label).orElseThrow(NotFoundException::new), request);
    }
}
