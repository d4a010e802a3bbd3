package org.estuary.revocation.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.estuary.revocation.boundary.RevocationStatus;

/**
 * {@code GET /.well-known/pki/crls/{issuerId}.crl}: the issuer's current CRL, DER
 * ({@code application/pkix-crl}, RFC 5280 §4.2.1.13 and RFC 2585 §4.2), as last published.
 */
@Path("pki/crls/{issuerId}.crl")
@ApplicationScoped
public class CrlResource {

    static final String PKIX_CRL = "application/pkix-crl";

    @Inject
    RevocationStatus status;

    @GET
    public Response crl(@PathParam("issuerId") String issuerId) {
        byte[] der = status.crl(issuerId).orElseThrow(NotFoundException::new);
        return Response.ok(der, PKIX_CRL).header("Content-Length", der.length).build();
    }
}
