package org.estuary.revocation.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.ZoneOffset;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.revocation.boundary.Revocations;
import org.estuary.revocation.entity.RevocationRefused;
import org.estuary.revocation.entity.RevocationRequests;

/**
 * {@code POST /api/v1/est/certificates/{serial}/revoke} with {@code {"reason": "keyCompromise"}}
 * (optional; unspecified without): revokes the certificate and answers its revocation; a second
 * revocation changes nothing and says so ({@code "changed": false}). The serial is hexadecimal, in
 * any case, with or without colons.
 */
@Path("v1/est/certificates/{serial}/revoke")
@RequestScoped
public class CertificateRevocationResource {

    @Inject
    Revocations revocations;

    @Context
    HttpServletRequest request;

    @POST
    public Response revoke(@PathParam("serial") String serial, String body) throws RevocationRefused {
        BigInteger serialNumber = RevocationRequests.normalSerial(serial).map(hex -> new BigInteger(hex, 16))
                .orElseThrow(NotFoundException::new);
        Revocations.Outcome outcome = revocations.revoke(serialNumber, RevocationRequests.reasonOf(body),
                request.getUserPrincipal().getName(), request.getRemoteAddr());
        IssuedCertificate certificate = outcome.certificate();
        return Response.ok(Json.createObjectBuilder()
                .add("serial", certificate.getSerialNumber())
                .add("issuer_id", certificate.getIssuerId())
                .add("status", certificate.getStatus().name())
                .add("reason", certificate.getRevocationReason().rfcName())
                .add("revoked_at", certificate.getRevokedAt().toInstant(ZoneOffset.UTC).toString())
                .add("changed", outcome.changed())
                .build(), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
