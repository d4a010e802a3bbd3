package org.estuary.admin.api;

import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.time.Clock;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.estuary.admin.entity.AdminRequestRefused;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;

/**
 * Admin API failures as a status and a short text reason, never internals; each one leaves an
 * {@code est_admin_request_refused} audit row naming the key, the request and the reason.
 */
@Provider
public class AdminExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(AdminExceptionMapper.class.getName());
    private static final String ADMIN = "admin";

    @Inject
    AuditTrail auditTrail;

    @Context
    HttpServletRequest request;

    private final Clock clock = Clock.systemUTC();

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
        audit(status, reason);
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(reason + "\n").build();
    }

    private void audit(int status, String reason) {
        try {
            String caller = request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
            auditTrail.recordOnItsOwn(new AuditEvent(AuditAction.ADMIN_REQUEST_REFUSED, ADMIN, request.getRemoteAddr(), caller,
                    request.getMethod() + " " + request.getRequestURI() + ": " + status + " " + reason, null, clock));
        } catch (RuntimeException unrecorded) {
            LOG.log(Level.WARNING, "the refusal of an admin API request could not be audited", unrecorded);
        }
    }
}
