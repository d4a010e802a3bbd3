package org.estuary.enrollment.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.auth.api.TlsExporter;
import org.estuary.auth.control.ChannelBinding;
import org.estuary.enrollment.entity.TlsSession;
import org.estuary.wire.Base64Text;
import org.estuary.wire.CertificationRequests;
import org.estuary.wire.CertsOnly;
import org.estuary.wire.RequestBodies;

/**
 * Test only: the server's view of the request's own TLS connection, injected the way
 * {@link EstResource} gets its request, and a simpleenroll that checks the CSR's channel binding and
 * nothing else, then certifies the key with a throw-away issuer.
 */
@Path("")
@RequestScoped
public class ChannelBindingProbeResource {

    @Inject
    Provider provider;

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

    @POST
    @Path("simpleenroll")
    public Response simpleEnroll(byte[] body) throws Exception {
        PKCS10CertificationRequest csr = CertificationRequests.decodeVerified(RequestBodies.derOf(body), provider);
        ChannelBinding.verify(csr, TlsExporter.of(request));
        // The issuer says where the binding was found, so that a client's test can tell.
        String attribute = csr.getAttributes(ChannelBinding.EST_IDENTITY_LINKING).length > 0
                ? "estIdentityLinking" : "challengePassword";
        byte[] text = Base64Text.of(CertsOnly.encode(List.of(certify(csr, attribute))));
        return Response.ok(text).header("Content-Type", CertsOnly.MEDIA_TYPE).header("Content-Transfer-Encoding", "base64")
                .header("Content-Length", text.length).build();
    }

    private static X509Certificate certify(PKCS10CertificationRequest csr, String attribute) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair issuer = generator.generateKeyPair();
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new X509v3CertificateBuilder(new X500Name("CN=" + attribute),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofHours(1))),
                csr.getSubject(), csr.getSubjectPublicKeyInfo())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static Response text(int status, String text) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        return Response.status(status).header("Content-Type", "text/plain; charset=UTF-8").header("Content-Length", body.length)
                .entity(body).build();
    }
}
