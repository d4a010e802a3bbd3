package org.estuary.profile.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.estuary.profile.boundary.CertificateProfileAdministration;
import org.estuary.profile.entity.CertificateProfile;
import org.estuary.profile.entity.CertificateProfileRefused;

/**
 * {@code /api/v1/admin/certificate-profiles}: the rules that constrain every CSR of the EST profiles
 * naming them, as JSON documents (the format of {@code CertificatePolicy}).
 */
@Path("v1/admin/certificate-profiles")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CertificateProfilesResource {

    @Inject
    CertificateProfileAdministration administration;

    @Context
    HttpServletRequest request;

    @GET
    public JsonObject all() {
        JsonArrayBuilder items = Json.createArrayBuilder();
        administration.all().forEach(profile -> items.add(json(profile)));
        return Json.createObjectBuilder().add("certificate_profiles", items).build();
    }

    @GET
    @Path("{id}")
    public JsonObject one(@PathParam("id") String id) {
        return administration.find(id).map(CertificateProfilesResource::json).orElseThrow(NotFoundException::new);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonObject document) throws CertificateProfileRefused {
        CertificateProfile created = administration.create(document, request.getUserPrincipal().getName(), request.getRemoteAddr());
        return Response.created(URI.create("v1/admin/certificate-profiles/" + created.getId())).entity(json(created)).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject replace(@PathParam("id") String id, JsonObject document) throws CertificateProfileRefused {
        return json(administration.replace(id, document, request.getUserPrincipal().getName(), request.getRemoteAddr()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) throws CertificateProfileRefused {
        administration.delete(id, request.getUserPrincipal().getName(), request.getRemoteAddr());
        return Response.noContent().build();
    }

    private static JsonObject json(CertificateProfile profile) {
        return Json.createObjectBuilder(profile.toJson()).add("updated_at", profile.getUpdatedAt() + "Z").build();
    }
}
