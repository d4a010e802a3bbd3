package org.estuary.ca.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.estuary.ca.boundary.CaRollovers;
import org.estuary.ca.control.CaRollover;
import org.estuary.ca.entity.RolloverRefused;

/**
 * {@code POST /api/v1/admin/issuers/{issuerId}/rollover}: gives the local CA a new key (RFC 7030
 * §4.1.3); answers the new key's generation and certificate. An issuer whose key is on a token or
 * upstream answers 409; an unknown one 404.
 */
@Path("v1/admin/issuers/{issuerId}/rollover")
@RequestScoped
public class IssuerRolloverResource {

    @Inject
    CaRollovers rollovers;

    @Context
    HttpServletRequest request;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject rollOver(@PathParam("issuerId") String issuerId) throws RolloverRefused {
        CaRollover.Outcome outcome = rollovers.rollOver(issuerId, request.getUserPrincipal().getName(),
                request.getRemoteAddr());
        return Json.createObjectBuilder()
                .add("issuer_id", issuerId)
                .add("generation", outcome.generation())
                .add("subject", outcome.newWithNew().getSubjectX500Principal().getName())
                .add("serial", outcome.newWithNew().getSerialNumber().toString(16))
                .add("not_before", outcome.newWithNew().getNotBefore().toInstant().toString())
                .add("not_after", outcome.newWithNew().getNotAfter().toInstant().toString())
                .build();
    }
}
