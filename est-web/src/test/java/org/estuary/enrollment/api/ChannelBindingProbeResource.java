package org.estuary.enrollment.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.estuary.auth.api.TlsExporter;
import org.estuary.enrollment.entity.TlsSession;

/**
 * Test only: the server's view of the request's own TLS connection, injected the way
 * {@link EstResource} gets its request.
 */
@Path("")
@RequestScoped
public class ChannelBindingProbeResource {

    @Context
    HttpServletRequest request;

    /** {@code protocol=…} and {@code exporter=<hex>|none} lines; 503 with TlsExporter's reason when it cannot answer. */
    @GET
    @Path("tls")
    public Response tls() {
        Optional<TlsSession> session;
        try {
            session = TlsExporter.of(request);
        } catch (IllegalStateException cannot) {
            return text(503, cannot.getMessage());
        }
        return text(200, session.map(tls -> "protocol=" + tls.protocol() + "\nexporter="
                + tls.exporter().map(HexFormat.of()::formatHex).orElse("none")).orElse("no TLS")
                + "\nrequest=" + request.getClass().getName());
    }

    private static Response text(int status, String text) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        return Response.status(status).header("Content-Type", "text/plain; charset=UTF-8").header("Content-Length", body.length)
                .entity(body).build();
    }
}
