package org.estuary.enrollment.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.estuary.enrollment.entity.AuthenticationRequired;
import org.estuary.enrollment.entity.BasicAuthenticationFailed;
import org.estuary.enrollment.entity.ChannelBindingMismatch;
import org.estuary.enrollment.entity.ChannelBindingNeedsTls13;
import org.estuary.enrollment.entity.EnrollmentPending;
import org.estuary.enrollment.entity.TemporarilyUnavailable;
import org.estuary.enrollment.entity.EnrollmentRefused;
import org.estuary.enrollment.entity.NotAuthorized;
import org.estuary.enrollment.entity.NotOffered;
import org.estuary.enrollment.entity.UpstreamFailed;
import org.estuary.ca.entity.UpstreamCaFailure;
import org.estuary.enrollment.entity.PolicyViolation;
import org.estuary.enrollment.entity.RateLimited;
import org.estuary.enrollment.entity.RequestTooLarge;

/**
 * Every failure of the EST boundary as HTTP: a status, and a short {@code text/plain} reason that
 * never carries an exception message from inside the server or a stack trace.
 */
@Provider
public class EstExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(EstExceptionMapper.class.getName());

    /** What the client is told: a status and a short reason. */
    record Answer(int status, String reason, long retryAfterSeconds) {

        Answer(int status, String reason) {
            this(status, reason, 0);
        }
    }

    /** RFC 9110 §11.6.1: a 401 names the scheme the client may use. */
    static final String CHALLENGE = "Basic realm=\"estuary\"";

    @Override
    public Response toResponse(Throwable failure) {
        Answer answer = answerTo(failure);
        Response.ResponseBuilder response = Response.status(answer.status());
        if (answer.reason().isEmpty()) {
            response.header("Content-Length", 0);
        } else {
            byte[] body = (answer.reason() + "\n").getBytes(StandardCharsets.UTF_8);
            response.header("Content-Type", "text/plain; charset=UTF-8").header("Content-Length", body.length).entity(body);
        }
        if (answer.status() == 401) {
            response.header("WWW-Authenticate", CHALLENGE);
        }
        if (answer.retryAfterSeconds() > 0) {
            response.header("Retry-After", answer.retryAfterSeconds());
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            // RFC 9110 §15.5.6: a 405 "MUST generate an Allow header field"; Jersey's NotAllowedException carries it.
            response.header(HttpHeaders.ALLOW, web.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return response.build();
    }

    static Answer answerTo(Throwable failure) {
        if (failure instanceof EnrollmentPending pending) {
            // Retry-After and no body: Bouncy Castle's EST client closes a 202 unread and fails
            // ("Stream closed before limit fully read") when it had one. The reason stays in the audit row.
            return new Answer(202, "", pending.retryAfterSeconds());
        }
        if (failure instanceof BasicAuthenticationFailed) {
            // A bare challenge: Bouncy Castle's HttpAuth closes a 401 unread and fails when it had a
            // body. The reason stays in the audit row.
            return new Answer(401, "");
        }
        if (failure instanceof RateLimited limited) {
            return new Answer(429, limited.getMessage(), limited.retryAfterSeconds());
        }
        if (failure instanceof TemporarilyUnavailable busy) {
            return new Answer(503, busy.getMessage(), busy.retryAfterSeconds());
        }
        if (failure instanceof EnrollmentRefused refused) {
            return new Answer(statusOf(refused), refused.getMessage());
        }
        if (failure instanceof UpstreamCaFailure upstream) {
            // An upstream CA's certificates could not be read for /cacerts.
            return upstream.kind() == UpstreamCaFailure.Kind.FAILED ? new Answer(502, upstream.getMessage())
                    : new Answer(503, upstream.getMessage(), upstream.retryAfterSeconds());
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            return new Answer(status, known == null ? "request refused" : known.getReasonPhrase().toLowerCase(Locale.ROOT));
        }
        if (failure instanceof IOException) {
            // The only I/O an EST resource does before answering is reading the request body: a client that
            // closed or reset its connection mid-body, or stalled until the container gave up on it.
            LOG.log(Level.FINE, "EST request body could not be read", failure);
            return new Answer(400, "request body could not be read to its end");
        }
        LOG.log(Level.SEVERE, "EST request failed", failure);
        return new Answer(500, "internal error");
    }

    private static int statusOf(EnrollmentRefused refused) {
        if (refused instanceof AuthenticationRequired) {
            return 401;
        }
        if (refused instanceof PolicyViolation || refused instanceof NotAuthorized) {
            return 403;
        }
        if (refused instanceof RequestTooLarge) {
            return 413;
        }
        if (refused instanceof NotOffered) {
            return 404;
        }
        if (refused instanceof UpstreamFailed) {
            return 502;
        }
        if (refused instanceof ChannelBindingNeedsTls13) {
            // Without the Upgrade header RFC 9110 §15.5.22 asks for: Grizzly takes any answer carrying one for
            // a protocol switch, drops its Content-Length and closes, which small EST clients do not survive.
            // The reason names TLS 1.3 instead.
            return 426;
        }
        if (refused instanceof ChannelBindingMismatch) {
            return 409;
        }
        return 400;
    }
}
