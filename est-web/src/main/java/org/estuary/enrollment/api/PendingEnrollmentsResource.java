package org.estuary.enrollment.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.estuary.enrollment.boundary.PendingEnrollments;
import org.estuary.enrollment.entity.PendingEnrollment;

/** {@code /api/v1/admin/est/pending}: requests held for manual approval (RFC 7030 §4.2.3). */
@Path("v1/admin/est/pending")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PendingEnrollmentsResource {

    @Inject
    PendingEnrollments pendingEnrollments;

    @Context
    HttpServletRequest request;

    @GET
    public JsonObject waiting() {
        JsonArrayBuilder items = Json.createArrayBuilder();
        pendingEnrollments.waiting().forEach(pending -> items.add(json(pending)));
        return Json.createObjectBuilder().add("pending", items).build();
    }

    @POST
    @Path("{id}/approve")
    public JsonObject approve(@PathParam("id") long id) {
        return decide(id, true);
    }

    @POST
    @Path("{id}/reject")
    public JsonObject reject(@PathParam("id") long id) {
        return decide(id, false);
    }

    private JsonObject decide(long id, boolean approve) {
        return pendingEnrollments.decide(id, approve, request.getUserPrincipal().getName(), request.getRemoteAddr())
                .map(PendingEnrollmentsResource::json)
                .orElseThrow(NotFoundException::new)
                .build();
    }

    private static JsonObjectBuilder json(PendingEnrollment pending) {
        return Json.createObjectBuilder()
                .add("id", pending.getId())
                .add("profile", pending.getProfile())
                .add("operation", pending.getOperation())
                .add("subject", pending.getSubjectDn())
                .add("requested_from", pending.getRequestedFrom() == null ? "" : pending.getRequestedFrom())
                .add("requested_at", pending.getRequestedAt().toString() + "Z")
                .add("status", pending.getStatus().name().toLowerCase(java.util.Locale.ROOT));
    }
}
