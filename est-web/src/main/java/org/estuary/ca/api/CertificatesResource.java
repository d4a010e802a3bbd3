package org.estuary.ca.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.util.List;
import org.estuary.ca.boundary.CertificateRecords;

/**
 * {@code GET /api/v1/est/certificates/{serial}}: the record of an issued certificate and its audit
 * actions. The serial is hexadecimal, in any case, with or without colons or leading zeros.
 */
@Path("v1/est/certificates")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CertificatesResource {

    @Inject
    CertificateRecords records;

    @GET
    @Path("{serial}")
    public JsonObject bySerial(@PathParam("serial") String serial) {
        List<CertificateRecords.Found> found = records.withSerial(parse(serial));
        if (found.isEmpty()) {
            throw new NotFoundException();
        }
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (CertificateRecords.Found one : found) {
            var record = one.certificate();
            JsonArrayBuilder actions = Json.createArrayBuilder();
            one.auditActions().forEach(actions::add);
            items.add(Json.createObjectBuilder()
                    .add("serial", record.getSerialNumber())
                    .add("issuer_id", record.getIssuerId())
                    .add("subject", record.getSubjectDn())
                    .add("profile", record.getProfile())
                    .add("status", record.getStatus().name())
                    .add("issued_at", record.getIssuedAt() + "Z")
                    .add("not_after", record.getNotAfter() + "Z")
                    .add("renews_serial", record.getRenewsSerial() == null ? "" : record.getRenewsSerial())
                    .add("revoked_at", record.getRevokedAt() == null ? "" : record.getRevokedAt().toInstant(ZoneOffset.UTC).toString())
                    .add("revocation_reason", record.getRevocationReason() == null ? "" : record.getRevocationReason().rfcName())
                    .add("audit_actions", actions));
        }
        return Json.createObjectBuilder().add("certificates", items).build();
    }

    private static BigInteger parse(String serial) {
        try {
            return new BigInteger(serial.replace(":", ""), 16);
        } catch (NumberFormatException notHex) {
            throw new NotFoundException();
        }
    }
}
