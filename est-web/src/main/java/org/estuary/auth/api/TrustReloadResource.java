package org.estuary.auth.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.estuary.auth.boundary.TrustAdministration;
import org.estuary.auth.boundary.TrustAdministration.ReloadRefused;
import org.estuary.auth.entity.TrustBundle;

/**
 * {@code POST /api/v1/admin/est/reload-trust} with {@code {"profile": "<name>"}}: re-reads that
 * profile's trust bundle file; a refused file answers 422 with the reason and changes nothing.
 */
@Path("v1/admin/est/reload-trust")
@RequestScoped
public class TrustReloadResource {

    @Inject
    TrustAdministration administration;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response reload(JsonObject body) {
        String profile = body.getString("profile", "");
        try {
            TrustBundle bundle = administration.reload(profile, request.getUserPrincipal().getName(), request.getRemoteAddr());
            JsonArrayBuilder anchors = Json.createArrayBuilder();
            bundle.anchors().forEach(anchor -> anchors.add(Json.createObjectBuilder()
                    .add("subject", anchor.getSubjectX500Principal().getName())
                    .add("not_after", anchor.getNotAfter().toInstant().toString())));
            return Response.ok(Json.createObjectBuilder().add("profile", profile).add("trust_anchors", anchors).build()).build();
        } catch (ReloadRefused refused) {
            return Response.status(422).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity(refused.getMessage() + "\n").build();
        }
    }
}
