package org.estuary.admin.mcp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.enrollment.boundary.Enrollment;
import org.estuary.enrollment.entity.BasicCredentials;
import org.estuary.enrollment.entity.EnrollmentRefused;
import org.estuary.enrollment.entity.EnrollmentRequest;
import org.estuary.enrollment.entity.EstRoute;
import org.estuary.profile.api.ProfileSummaries;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.EstProfile;
import org.estuary.wire.CertificationRequests;
import org.estuary.wire.CertificatesPem;
import org.estuary.wire.CertsOnly;
import org.estuary.wire.MalformedMessage;
import org.estuary.wire.RequestBodies;

/**
 * The six EST tools of the MCP server, each with its input JSON schema. The two that show every
 * profile's counters are for admin keys only; the four that speak EST go through the same
 * {@link Enrollment} boundary as a device, so each profile's own authentication and policy decide:
 * {@code est_enroll} carries the profile's Basic credentials where it wants them, and
 * {@code est_reenroll} renews a certificate whose key signed the CSR (the signature is the proof of
 * possession that a TLS handshake gives a device; since an old CSR could be replayed, only admin keys
 * may call it). A profile that enrolls over mTLS only is not reachable through MCP.
 */
@ApplicationScoped
public class McpTools {

    /** A {@code tools/call} naming no tool of ours (a JSON-RPC invalid-params error). */
    static final class UnknownTool extends Exception {

        private static final long serialVersionUID = 1L;

        UnknownTool(String name) {
            super("no tool " + name);
        }
    }

    private record Tool(String name, String description, boolean adminOnly, JsonObject inputSchema) {
    }

    private static final JsonObject PROFILE = Json.createObjectBuilder().add("type", "string")
            .add("description", "the profile's path label, e.g. iot; empty for the root profile /.well-known/est/").build();
    private static final JsonObject CSR = Json.createObjectBuilder().add("type", "string")
            .add("description", "the PKCS#10 certification request, PEM or base64 DER").build();
    private static final JsonObject USERNAME = Json.createObjectBuilder().add("type", "string")
            .add("description", "HTTP Basic user, for profiles that want Basic").build();
    private static final JsonObject PASSWORD = Json.createObjectBuilder().add("type", "string")
            .add("description", "the profile's enrollment password, for profiles that want Basic").build();
    private static final List<Tool> TOOLS = List.of(
            new Tool("est_list_profiles", "Every EST profile: routes, auth modes, issuer, certificate profile, trust anchors and"
                    + " outcome counters (admin keys only).", true, schema(Json.createObjectBuilder())),
            new Tool("est_admin_stats", "The same as est_list_profiles, named like the other *_admin_stats tools (admin keys"
                    + " only).", true, schema(Json.createObjectBuilder())),
            new Tool("est_get_cacerts", "The profile's CA certificates (RFC 7030 §4.1), base64 PKCS#7 certs-only, and as PEM.",
                    false, schema(Json.createObjectBuilder().add("profile", PROFILE))),
            new Tool("est_get_csrattrs", "The CSR attributes the profile asks for (RFC 7030 §4.5), base64 DER.", false,
                    schema(Json.createObjectBuilder().add("profile", PROFILE))),
            new Tool("est_enroll", "Enrolls a PKCS#10 request (RFC 7030 §4.2.1) under the profile's authentication and policy;"
                    + " returns the certificate as PEM.", false, schema(Json.createObjectBuilder().add("profile", PROFILE)
                    .add("csr", CSR)
                    .add("username", USERNAME).add("password", PASSWORD), "csr")),
            new Tool("est_reenroll", "Renews a certificate (RFC 7030 §4.2.2): the CSR must be signed by the certificate's own key"
                    + " and repeat its subject; returns the new certificate as PEM (admin keys only).", true, schema(Json.createObjectBuilder()
                    .add("profile", PROFILE).add("csr", CSR)
                    .add("certificate", Json.createObjectBuilder().add("type", "string").add("description", "the certificate"
                            + " being renewed, PEM"))
                    .add("username", USERNAME).add("password", PASSWORD), "csr", "certificate")));

    @Inject
    ProfileSummaries summaries;

    @Inject
    EstProfiles estProfiles;

    @Inject
    Enrollment enrollment;

    JsonArray list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        TOOLS.forEach(tool -> list.add(Json.createObjectBuilder().add("name", tool.name()).add("description", tool.description())
                .add("inputSchema", tool.inputSchema())));
        return list.build();
    }

    /** A {@code tools/call} result: the tool's answer, or {@code isError} with the reason the tool refused. */
    JsonObject call(String name, JsonObject arguments, boolean admin, String sourceAddress) throws UnknownTool {
        Tool tool = TOOLS.stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownTool(name));
        if (tool.adminOnly() && !admin) {
            return refused(name + " needs an admin key; this key is a viewer's");
        }
        try {
            return switch (name) {
                case "est_list_profiles", "est_admin_stats" -> answer(summaries.all());
                case "est_get_cacerts" -> {
                    List<X509Certificate> chain = enrollment.caCertificates(profile(arguments));
                    yield answer(Json.createObjectBuilder().add("pkcs7", Base64.getEncoder().encodeToString(CertsOnly.encode(chain)))
                            .add("pem", CertificatesPem.of(chain)).build());
                }
                case "est_get_csrattrs" -> answer(Json.createObjectBuilder().add("csrattrs",
                        Base64.getEncoder().encodeToString(enrollment.csrAttributes(profile(arguments)))).build());
                case "est_enroll" -> issued(enrollment.simpleEnroll(enrollment(arguments, sourceAddress)));
                case "est_reenroll" -> issued(enrollment.simpleReenroll(reenrollment(arguments, sourceAddress)));
                default -> throw new UnknownTool(name);
            };
        } catch (ToolRefused | EnrollmentRefused refused) {
            return refused(refused.getMessage());
        }
    }

    /**
     * An enrollment as the profile's {@code /.well-known/est/} route would take it: a profile that
     * enrolls over mTLS only is refused, since no client certificate can come through MCP.
     */
    private EnrollmentRequest enrollment(JsonObject arguments, String sourceAddress) throws ToolRefused {
        EstProfile profile = profile(arguments);
        if (!profile.authentication().servesEstRoute()) {
            throw new ToolRefused("EST profile " + profile.name() + " enrolls over mTLS only: a device presents its certificate on"
                    + " /.well-known/est-mtls/" + profile.label() + "/, which MCP cannot do");
        }
        return new EnrollmentRequest(profile, EstRoute.EST, csr(arguments), List.of(), credentials(arguments), sourceAddress,
                Optional.empty());
    }

    private EnrollmentRequest reenrollment(JsonObject arguments, String sourceAddress) throws ToolRefused {
        EstProfile profile = profile(arguments);
        byte[] csr = csr(arguments);
        X509Certificate current = certificate(text(arguments, "certificate").orElseThrow(() -> new ToolRefused("certificate is required")));
        try {
            PKCS10CertificationRequest request = CertificationRequests.decode(RequestBodies.derOf(csr));
            if (!Arrays.equals(request.getSubjectPublicKeyInfo().getEncoded(), current.getPublicKey().getEncoded())) {
                throw new ToolRefused("the CSR's key is not the certificate's: over MCP, a renewal proves possession of the"
                        + " certificate's key by the CSR's signature, so it keeps its key");
            }
        } catch (MalformedMessage | java.io.IOException unreadable) {
            throw new ToolRefused("csr: " + unreadable.getMessage());
        }
        EstRoute route = profile.authentication().servesMtlsRoute() ? EstRoute.EST_MTLS : EstRoute.EST;
        return new EnrollmentRequest(profile, route, csr, List.of(current), credentials(arguments), sourceAddress, Optional.empty());
    }

    private EstProfile profile(JsonObject arguments) throws ToolRefused {
        String label = text(arguments, "profile").orElse("");
        return (label.isEmpty() ? estProfiles.all().stream().filter(EstProfile::isRoot).findFirst() : estProfiles.byLabel(label))
                .orElseThrow(() -> new ToolRefused("no EST profile " + (label.isEmpty() ? "at the root" : label)));
    }

    private static byte[] csr(JsonObject arguments) throws ToolRefused {
        String csr = text(arguments, "csr").orElseThrow(() -> new ToolRefused("csr is required"));
        if (csr.length() > Enrollment.MAX_REQUEST_BYTES) {
            throw new ToolRefused("csr is larger than " + Enrollment.MAX_REQUEST_BYTES + " characters");
        }
        return csr.getBytes(StandardCharsets.US_ASCII);
    }

    private static Optional<BasicCredentials> credentials(JsonObject arguments) {
        return text(arguments, "password").map(password -> new BasicCredentials(text(arguments, "username").orElse("mcp"),
                password.getBytes(StandardCharsets.UTF_8)));
    }

    private static X509Certificate certificate(String pem) throws ToolRefused {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException unreadable) {
            throw new ToolRefused("certificate: not a PEM X.509 certificate");
        }
    }

    private static Optional<String> text(JsonObject arguments, String name) {
        return arguments.get(name) instanceof jakarta.json.JsonString value ? Optional.of(value.getString()) : Optional.empty();
    }

    private static JsonObject issued(X509Certificate certificate) {
        return answer(Json.createObjectBuilder().add("serial", certificate.getSerialNumber().toString(16))
                .add("subject", certificate.getSubjectX500Principal().getName())
                .add("not_after", certificate.getNotAfter().toInstant().toString())
                .add("certificate", CertificatesPem.of(List.of(certificate))).build());
    }

    /** A tool's answer: its JSON as structured content, and as text for clients that read only text. */
    private static JsonObject answer(JsonObject content) {
        return Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text").add("text", content.toString())))
                .add("structuredContent", content)
                .add("isError", false)
                .build();
    }

    private static JsonObject refused(String reason) {
        return Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text").add("text", reason)))
                .add("isError", true)
                .build();
    }

    private static JsonObject schema(JsonObjectBuilder properties, String... required) {
        JsonObjectBuilder schema = Json.createObjectBuilder().add("type", "object").add("properties", properties)
                .add("additionalProperties", false);
        if (required.length > 0) {
            schema.add("required", Json.createArrayBuilder(List.of(required)));
        }
        return schema.build();
    }

    /** An argument the tool cannot use: the reason goes back as the tool's error result. */
    private static final class ToolRefused extends Exception {

        private static final long serialVersionUID = 1L;

        ToolRefused(String reason) {
            super(reason);
        }
    }
}
