package org.estuary.audit.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.audit.entity.AuditQuery;

/**
 * {@code GET /api/v1/admin/audit?action_prefix=…&profile=…&since=…&limit=…&before=…}: audit events,
 * newest first, for viewer and admin keys. {@code since} is an ISO-8601 instant; {@code limit} 1 to
 * 500 (default 50); a page's {@code next} is the {@code before} of the page after it.
 */
@Path("v1/admin/audit")
@RequestScoped
public class AuditResource {

    @Inject
    AuditTrail auditTrail;

    @GET
    public Response events(@QueryParam("action_prefix") String actionPrefix, @QueryParam("profile") String profile,
            @QueryParam("since") String since, @QueryParam("limit") String limit, @QueryParam("before") String before) {
        AuditQuery query;
        try {
            query = new AuditQuery(blankToNull(actionPrefix), blankToNull(profile), since == null ? null
                    : LocalDateTime.ofInstant(Instant.parse(since), ZoneOffset.UTC), before == null ? null : Long.valueOf(before),
                    limit == null ? AuditQuery.DEFAULT_LIMIT : Integer.parseInt(limit));
        } catch (DateTimeParseException badTime) {
            return badRequest("since: an ISO-8601 instant such as 2026-11-27T00:00:00Z, not " + since);
        } catch (NumberFormatException notANumber) {
            return badRequest("limit and before are numbers");
        } catch (IllegalArgumentException outOfRange) {
            return badRequest(outOfRange.getMessage());
        }
        List<AuditEvent> events = auditTrail.recent(query);
        JsonArrayBuilder items = Json.createArrayBuilder();
        events.forEach(event -> items.add(json(event)));
        JsonObjectBuilder page = Json.createObjectBuilder().add("events", items);
        if (events.size() == query.limit()) {
            page.add("next", events.get(events.size() - 1).getId());
        } else {
            page.addNull("next");
        }
        return Response.ok(page.build(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static JsonObjectBuilder json(AuditEvent event) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", event.getId())
                .add("occurred_at", event.getOccurredAt().toInstant(ZoneOffset.UTC).toString())
                .add("action", event.getAction().code())
                .add("profile", event.getProfile());
        addUnlessNull(json, "source_ip", event.getSourceIp());
        addUnlessNull(json, "principal", event.getPrincipal());
        addUnlessNull(json, "detail", event.getDetail());
        addUnlessNull(json, "certificate_serial", event.getCertificateSerial());
        return json;
    }

    private static void addUnlessNull(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Response badRequest(String reason) {
        return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(reason + "\n").build();
    }
}
