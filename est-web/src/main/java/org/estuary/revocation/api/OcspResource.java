package org.estuary.revocation.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.estuary.revocation.boundary.RevocationStatus;
import org.estuary.revocation.control.OcspResponder;

/**
 * The OCSP responder of an issuer (RFC 6960 Appendix A.1): {@code POST /.well-known/pki/ocsp/{issuerId}}
 * with the DER request as body ({@code application/ocsp-request}), or
 * {@code GET /.well-known/pki/ocsp/{issuerId}/{url-encoding of base64 of the DER request}}. Answers
 * {@code application/ocsp-response}; a request that does not parse gets the malformedRequest
 * response with HTTP 400.
 */
@Path("pki/ocsp/{issuerId}")
@ApplicationScoped
public class OcspResource {

    static final String OCSP_RESPONSE = "application/ocsp-response";

    /** Far more than an OCSP request for a few certificates takes. */
    static final int MAX_REQUEST_BYTES = 16 * 1024;

    @Inject
    RevocationStatus status;

    @POST
    public Response post(@PathParam("issuerId") String issuerId, InputStream body) throws IOException {
        return answer(issuerId, readBounded(body));
    }

    @GET
    @Path("{request: .+}")
    public Response get(@PathParam("issuerId") String issuerId, @Encoded @PathParam("request") String request) {
        return answer(issuerId, base64OfGet(request));
    }

    private Response answer(String issuerId, byte[] request) {
        OcspResponder.Answer answer = status.ocsp(issuerId, request).orElseThrow(NotFoundException::new);
        return Response.status(answer.malformed() ? 400 : 200).type(OCSP_RESPONSE).entity(answer.der())
                .header("Content-Length", answer.der().length).build();
    }

    /**
     * The DER of a GET request: percent-decoded (a literal {@code +} stays a {@code +}), then base64,
     * standard or URL-safe, padded or not. What does not decode is empty, which the responder calls
     * malformed.
     */
    static byte[] base64OfGet(String encoded) {
        try {
            String base64 = percentDecoded(encoded).replaceAll("\\s", "");
            return base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(base64)
                    : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            return new byte[0];
        }
    }

    private static String percentDecoded(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '%') {
                throw new IllegalArgumentException("truncated percent-encoding");
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readBounded(InputStream body) throws IOException {
        byte[] read = body.readNBytes(MAX_REQUEST_BYTES + 1);
        return read.length > MAX_REQUEST_BYTES ? new byte[0] : read;
    }
}
