package org.estuary.enrollment.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
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

    /** What the client is told: a status and a short reason. */
    record Answer(int status, String reason) {
    }

    @Override
    public Response toResponse(Throwable failure) {
        Answer answer = answerTo(failure);
        byte[] body = (answer.reason() + "\n").getBytes(StandardCharsets.UTF_8);
        return Response.status(answer.status())
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("Content-Length", body.length)
                .entity(body)
                .build();
    }

    static Answer answerTo(Throwable failure) {
        if (failure instanceof EnrollmentRefused refused) {
            return new Answer(statusOf(refused), refused.getMessage());
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            return new Answer(status, known == null ? "request refused" : known.getReasonPhrase().toLowerCase(Locale.ROOT));
        }
        LOG.log(Level.SEVERE, "EST request failed", failure);
        return new Answer(500, "internal error");
    }

    private static int statusOf(EnrollmentRefused refused) {
        if (refused instanceof RequestTooLarge) {
            return 413;
        }
        if (refused instanceof PolicyViolation) {
            return 403;
        }
        return 400;
    }
}
