package org.estuary.enrollment.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.estuary.auth.api.RequestOrigin;
import org.estuary.auth.api.TlsExporter;
import org.estuary.audit.api.OutcomeMetrics;
import org.estuary.enrollment.boundary.Enrollment;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.BasicCredentials;
import org.estuary.enrollment.entity.EnrollmentRefused;
import org.estuary.enrollment.entity.EnrollmentRequest;
import org.estuary.enrollment.entity.EstRoute;
import org.estuary.enrollment.entity.FullPkiResponse;
import org.estuary.enrollment.entity.ServerGeneratedKey;
import org.estuary.enrollment.entity.TlsSession;
import org.estuary.profile.entity.EstProfile;
import org.estuary.wire.Base64Text;
import org.estuary.wire.CertsOnly;
import org.estuary.wire.FullCmcResponse;
import org.estuary.wire.MultipartMixed;
import org.estuary.wire.ServerGeneratedKeys;

/**
 * The EST operations of one profile on one route (RFC 7030 §3.2.2), reached through {@link EstPaths}. No
 * {@code @Produces}/{@code @Consumes}: EST clients send odd Accept and Content-Type headers (or
 * none), and none of them may cause a 406 or 415; the body is read as base64 whatever its declared
 * type (RFC 8951 §3.2).
 */
public class EstOperations {

    static final String CSR_ATTRIBUTES = "application/csrattrs";

    private final Enrollment enrollment;
    private final EstProfile profile;
    private final EstRoute route;
    private final HttpServletRequest request;
    private final RequestOrigin origin;
    private final OutcomeMetrics metrics;

    EstOperations(Enrollment enrollment, EstProfile profile, EstRoute route, HttpServletRequest request,
            RequestOrigin origin, OutcomeMetrics metrics) {
        this.enrollment = enrollment;
        this.profile = profile;
        this.route = route;
        this.request = request;
        this.origin = origin;
        this.metrics = metrics;
    }

    /** RFC 7030 §4.1.2/§4.1.3: the CA certificates, certs-only. */
    @GET
    @Path("cacerts")
    public Response cacerts() {
        return certsOnly(enrollment.caCertificates(profile));
    }

    /** RFC 7030 §4.5.2 as replaced by RFC 8951 §4: application/csrattrs, or 204 when nothing is asked for. */
    @GET
    @Path("csrattrs")
    public Response csrAttributes() {
        byte[] der = enrollment.csrAttributes(profile);
        if (der.length == 0) {
            return Response.noContent().build();
        }
        return base64Response(CSR_ATTRIBUTES, der);
    }

    /** RFC 7030 §4.2.1/§4.2.3: a PKCS#10 in, the issued certificate out, certs-only. */
    @POST
    @Path("simpleenroll")
    public Response simpleEnroll(InputStream body) throws IOException, EnrollmentRefused {
        return timed("simpleenroll", () -> certsOnly(List.of(enrollment.simpleEnroll(enrollmentRequest(body)))));
    }

    /** RFC 7030 §4.2.2/§4.2.3: the certificate being renewed as TLS client certificate, a PKCS#10 in, the new certificate out. */
    @POST
    @Path("simplereenroll")
    public Response simpleReenroll(InputStream body) throws IOException, EnrollmentRefused {
        return timed("simplereenroll", () -> certsOnly(List.of(enrollment.simpleReenroll(enrollmentRequest(body)))));
    }

    /**
     * RFC 7030 §4.4.2: multipart/mixed, the private key part first, then the certificate as
     * certs-only. Every copy of the key's text this method makes is wiped once the body is written.
     */
    @POST
    @Path("serverkeygen")
    public Response serverKeygen(InputStream body) throws IOException, EnrollmentRefused {
        ServerGeneratedKey generated = timed("serverkeygen", () -> enrollment.serverKeygen(enrollmentRequest(body)));
        byte[] keyText = Base64Text.of(generated.keyPart());
        ServerGeneratedKeys.wipe(generated.keyPart());
        MultipartMixed.Encoded answer = MultipartMixed.encode(List.of(
                new MultipartMixed.Part(generated.keyPartContentType(), keyText),
                new MultipartMixed.Part(CertsOnly.MEDIA_TYPE, Base64Text.of(CertsOnly.encode(List.of(generated.certificate()))))));
        ServerGeneratedKeys.wipe(keyText);
        StreamingOutput wipedOnceWritten = output -> {
            try {
                output.write(answer.body());
            } finally {
                ServerGeneratedKeys.wipe(answer.body());
            }
        };
        return Response.ok(wipedOnceWritten)
                .header("Content-Type", answer.contentType())
                .header("Content-Length", answer.body().length)
                .build();
    }

    /** One enrollment operation, refused or not. */
    @FunctionalInterface
    private interface EnrollmentCall<T> {
        T call() throws IOException, EnrollmentRefused;
    }

    /** Runs {@code call}, recording its duration under {@code operation} whether it answers or is refused. */
    private <T> T timed(String operation, EnrollmentCall<T> call) throws IOException, EnrollmentRefused {
        long started = System.nanoTime();
        try {
            return call.call();
        } finally {
            metrics.timeEnrollment(profile.name(), operation, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * RFC 7030 §4.3: a Full PKI Request with one PKCS#10 in, a CA-signed Full PKI Response out
     * (§4.3.2 "CMC-response"), base64 like every other answer. A request the server declines as CMC
     * is "rejected" with 400 and still carries its CMC response (§4.3.2).
     */
    @POST
    @Path("fullcmc")
    public Response fullCmc(InputStream body) throws IOException, EnrollmentRefused {
        FullPkiResponse answer = timed("fullcmc", () -> enrollment.fullCmc(enrollmentRequest(body)));
        return base64Response(answer.issued() ? 200 : 400, FullCmcResponse.MEDIA_TYPE, answer.der());
    }

    private EnrollmentRequest enrollmentRequest(InputStream body) throws BadRequestBody {
        // The TLS internals are reached only where RFC 9266 binding is required (they need JDK 25).
        Optional<TlsSession> tls = profile.authentication().channelBindingRequired() ? TlsExporter.of(request) : Optional.empty();
        return new EnrollmentRequest(profile, route, boundedBody(body), origin.clientChain(request),
                BasicCredentials.fromAuthorization(request.getHeader(HttpHeaders.AUTHORIZATION)), origin.sourceAddress(request), tls);
    }

    /**
     * Reads at most one byte more than the limit, so that the boundary can refuse with 413 without
     * buffering a flood. A body that stops coming (a client that stalls until the read times out, or
     * goes away) is a bad request, not a server failure.
     */
    private static byte[] boundedBody(InputStream body) throws BadRequestBody {
        try {
            return body == null ? new byte[0] : body.readNBytes(Enrollment.MAX_REQUEST_BYTES + 1);
        } catch (IOException stalled) {
            throw new BadRequestBody("request body was not received completely");
        }
    }

    static Response certsOnly(List<X509Certificate> certificates) {
        return base64Response(CertsOnly.MEDIA_TYPE, CertsOnly.encode(certificates));
    }

    private static Response base64Response(String mediaType, byte[] der) {
        return base64Response(200, mediaType, der);
    }

    private static Response base64Response(int status, String mediaType, byte[] der) {
        byte[] text = Base64Text.of(der);
        return Response.status(status).entity(text)
                .header("Content-Type", mediaType)
                .header("Content-Transfer-Encoding", "base64")
                .header("Content-Length", text.length)
                .build();
    }
}
