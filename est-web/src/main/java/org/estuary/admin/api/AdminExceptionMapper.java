package org.estuary.admin.api;

import jakarta.json.JsonException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.estuary.admin.entity.AdminRequestRefused;

/** Admin API failures as a status and a short text reason, never internals. */
@Provider
public class AdminExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(AdminExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        int status = 500;
        String reason = "internal error";
        if (failure instanceof AdminRequestRefused refused) {
            status = switch (refused.why()) {
                case INVALID -> 400;
                case UNKNOWN -> 404;
                case CONFLICT -> 409;
            };
            reason = refused.getMessage();
        } else if (failure instanceof JsonException) {
            status = 400;
            reason = "request body is not a JSON object";
        } else if (failure instanceof WebApplicationException web) {
            status = web.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            reason = known == null ? "request refused" : known.getReasonPhrase().toLowerCase(Locale.ROOT);
        } else {
            LOG.log(Level.SEVERE, "admin API request failed", failure);
        }
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(reason + "\n").build();
    }
}
