package org.estuary.profile.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/admin/est/profiles}: each EST profile with its bindings, routes, trust anchors and outcome counters. */
@Path("v1/admin/est/profiles")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EstProfilesResource {

    @Inject
    ProfileSummaries summaries;

    @GET
    public JsonObject all() {
        return summaries.all();
    }
}
