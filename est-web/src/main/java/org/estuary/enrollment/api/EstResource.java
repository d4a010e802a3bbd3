package org.estuary.enrollment.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.List;
import org.estuary.auth.api.TlsClientCertificates;
import org.estuary.enrollment.boundary.Enrollment;
import org.estuary.enrollment.entity.EnrollmentRefused;
import org.estuary.enrollment.entity.EnrollmentRequest;
import org.estuary.wire.Base64Text;
import org.estuary.wire.CertsOnly;

/**
 * {@code /.well-known/est/...} of the root profile. No {@code @Produces}/{@code @Consumes}: EST
 * clients send odd Accept and Content-Type headers (or none), and none of them may cause a 406 or
 * 415; the body is read as base64 whatever its declared type (RFC 8951 §3.2).
 */
@Path("est")
@RequestScoped
public class EstResource {

    @Inject
    Enrollment enrollment;

    @Context
    HttpServletRequest request;

    /** RFC 7030 §4.1.2/§4.1.3: the CA certificates, certs-only. */
    @GET
    @Path("cacerts")
    public Response cacerts() {
        return certsOnly(enrollment.caCertificates());
    }

    /** RFC 7030 §4.2.1/§4.2.3: a PKCS#10 in, the issued certificate out, certs-only. */
    @POST
    @Path("simpleenroll")
    public Response simpleEnroll(InputStream body) throws IOException, EnrollmentRefused {
        X509Certificate issued = enrollment.simpleEnroll(new EnrollmentRequest(boundedBody(body),
                TlsClientCertificates.of(request), request.getRemoteAddr()));
        return certsOnly(List.of(issued));
    }

    /** Reads at most one byte more than the limit, so that the boundary can refuse with 413 without buffering a flood. */
    private static byte[] boundedBody(InputStream body) throws IOException {
        return body == null ? new byte[0] : body.readNBytes(Enrollment.MAX_REQUEST_BYTES + 1);
    }

    static Response certsOnly(List<X509Certificate> certificates) {
        byte[] text = Base64Text.of(CertsOnly.encode(certificates));
        return Response.ok(text)
                .header("Content-Type", CertsOnly.MEDIA_TYPE)
                .header("Content-Transfer-Encoding", "base64")
                .header("Content-Length", text.length)
                .build();
    }
}
