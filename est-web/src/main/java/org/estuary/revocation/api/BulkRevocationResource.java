package org.estuary.revocation.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.estuary.revocation.boundary.Revocations;
import org.estuary.revocation.entity.RevocationRefused;
import org.estuary.revocation.entity.RevocationRequests;

/**
 * {@code POST /api/v1/est/certificates/bulk-revoke}: revokes every EST certificate meeting all the
 * criteria given ({@code profile_id}, {@code label}, {@code serials}, {@code subject_cn},
 * {@code issued_before}; at least one) for {@code reason}, and answers how many matched and how
 * many it revoked now.
 */
@Path("v1/est/certificates/bulk-revoke")
@RequestScoped
public class BulkRevocationResource {

    @Inject
    Revocations revocations;

    @Context
    HttpServletRequest request;

    @POST
    public Response revoke(String body) throws RevocationRefused {
        Revocations.BulkOutcome outcome = revocations.revoke(RevocationRequests.bulkOf(body),
                request.getUserPrincipal().getName(), request.getRemoteAddr());
        return Response.ok(Json.createObjectBuilder()
                .add("revoked", outcome.revoked())
                .add("matched", outcome.matched())
                .build(), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
