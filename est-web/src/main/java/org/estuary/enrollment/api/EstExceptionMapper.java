package org.estuary.enrollment.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.EnrollmentRefused;
import org.estuary.enrollment.entity.PolicyViolation;
import org.estuary.enrollment.entity.RequestTooLarge;

/**
 * Every failure of the EST boundary as HTTP: a status, and a short {@code text/plain} reason that
 * never carries an exception message from inside the server or a stack trace.
 */
@Provider
public class EstExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(EstExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof EnrollmentRefused refused) {
            return plain(statusOf(refused), refused.getMessage());
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return plain(status, Response.Status.fromStatusCode(status) == null
                    ? "request refused" : Response.Status.fromStatusCode(status).getReasonPhrase().toLowerCase());
        }
        LOG.log(Level.SEVERE, "EST request failed", failure);
        return plain(500, "internal error");
    }

    static int statusOf(EnrollmentRefused refused) {
        if (refused instanceof BadRequestBody) {
            return 400;
        }
        if (refused instanceof RequestTooLarge) {
            return 413;
        }
        if (refused instanceof PolicyViolation) {
            return 403;
        }
        return 400;
    }

    private static Response plain(int status, String reason) {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        return Response.status(status)
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("Content-Length", body.length)
                .entity(body)
                .build();
    }
}
