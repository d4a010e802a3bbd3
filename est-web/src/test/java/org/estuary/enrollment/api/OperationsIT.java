package org.estuary.enrollment.api;

import static org.estuary.enrollment.api.TestClients.certificate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.estuary.wire.CertsOnly;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Operations against the deployed application: MicroProfile Metrics that move with real
 * enrollments and failures, and an MCP client session (initialize, tools/list, every tool) with
 * admin and viewer keys.
 */
@ExtendWith(ArquillianExtension.class)
class OperationsIT {

    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String PASSWORD = "operations-it-password";
    private static final String VIEWER_KEY = "operations-it-viewer-key";

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addAsResource(new StringAsset(String.join("\n",
                        "est.profiles=" + partner() + "," + devices(),
                        "est.profile." + devices() + ".issuer-id=iss-local",
                        "est.profile." + devices() + ".allowed-auth-modes=mtls",
                        "est.profile." + devices() + ".mtls-enabled=true",
                        "est.profile." + devices() + ".mtls-client-ca-trust-bundle-path=" + TestClients.dataDir().resolve("ca.crt"),
                        "est.profile." + partner() + ".issuer-id=iss-local",
                        "est.profile." + partner() + ".allowed-auth-modes=basic",
                        "est.profile." + partner() + ".enrollment-password=" + PASSWORD,
                        "est.admin.api-keys=operations-it-viewer:viewer:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(VIEWER_KEY.getBytes(StandardCharsets.UTF_8))),
                        "")), "META-INF/microprofile-config.properties");
    }

    private static String partner() {
        return "op" + RUN;
    }

    /** A profile that enrolls over mTLS only. */
    private static String devices() {
        return "om" + RUN;
    }

    @Test
    void metricsMoveWithEnrollmentsAndFailuresTaggedByProfile() throws Exception {
        String success = "est_simple_enroll_success";
        String failure = "est_auth_failed_basic";
        String before = metrics();
        assertEquals(0, metric(success).orElseThrow(() -> new AssertionError("no " + success + " for " + partner() + " in\n" + before)));
        assertEquals(0, metric(failure).orElseThrow());

        certificate(enroll("CN=metered-1", TestClients.ecKeyPair(), PASSWORD));
        certificate(enroll("CN=metered-2", TestClients.ecKeyPair(), PASSWORD));
        assertEquals(401, enroll("CN=intruder", TestClients.ecKeyPair(), "guess").statusCode());

        Instant deadline = Instant.now().plusSeconds(5);
        while (metric(success).orElseThrow() < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertEquals(2, metric(success).orElseThrow());
        assertEquals(1, metric(failure).orElseThrow());
        String text = metrics();
        Matcher timed = Pattern.compile("(?m)^est_enroll_duration_seconds_count\\{[^}]*operation=\"simpleenroll\"[^}]*profile=\"" + partner()
                + "\"[^}]*} ([0-9.]+)").matcher(text);
        assertTrue(timed.find(), "an enroll timer for the profile in\n" + text);
        assertEquals(3, (long) Double.parseDouble(timed.group(1)), "three enrollments timed, the refused one too");
        JsonObject counters = json(TestClients.admin("GET", "est/profiles", null, TestClients.adminKey()).body()).getJsonArray("profiles")
                .getValuesAs(JsonObject.class).stream().filter(profile -> profile.getString("name").equals(partner())).findFirst()
                .orElseThrow().getJsonObject("counters");
        assertEquals(2, counters.getInt(success), "the admin API reads the same numbers");
    }

    @Test
    void aRefusedAdminRequestLeavesAnAuditRowNamingTheKey() throws Exception {
        HttpResponse<String> refused = TestClients.https(null, null).send(HttpRequest.newBuilder(URI.create("https://localhost:"
                        + TestClients.httpsPort() + "/api/v1/est/certificates/bulk-revoke"))
                .header("Authorization", "Bearer " + TestClients.adminKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"keyCompromise\",\"label\":\"op-" + RUN + "\",\"oops\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body());
        JsonObject newest = json(TestClients.admin("GET", "audit?action_prefix=est_admin_request_refused&limit=1", null,
                TestClients.adminKey()).body()).getJsonArray("events").getJsonObject(0);
        assertEquals("admin-api-key", newest.getString("principal"));
        assertTrue(newest.getString("detail").startsWith("POST /api/v1/est/certificates/bulk-revoke: 400 "), newest.toString());
        assertTrue(newest.getString("detail").contains(refused.body().strip()), newest.toString());
    }

    @Test
    void anMcpClientSessionListsAndCallsEverySixTools() throws Exception {
        String admin = TestClients.adminKey();
        JsonObject initialized = rpc(admin, 1, "initialize", Json.createObjectBuilder().add("protocolVersion", "2025-06-18")
                .add("capabilities", JsonValue.EMPTY_JSON_OBJECT)
                .add("clientInfo", Json.createObjectBuilder().add("name", "operations-it").add("version", "1")).build());
        assertEquals("2025-06-18", initialized.getJsonObject("result").getString("protocolVersion"));
        assertTrue(initialized.getJsonObject("result").getJsonObject("capabilities").containsKey("tools"));
        assertEquals(202, post(admin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode());

        List<JsonObject> tools = rpc(admin, 2, "tools/list", JsonValue.EMPTY_JSON_OBJECT).getJsonObject("result").getJsonArray("tools")
                .getValuesAs(JsonObject.class);
        assertEquals(List.of("est_list_profiles", "est_admin_stats", "est_get_cacerts", "est_get_csrattrs", "est_enroll", "est_reenroll"),
                tools.stream().map(tool -> tool.getString("name")).toList());
        tools.forEach(tool -> assertEquals("object", tool.getJsonObject("inputSchema").getString("type"), tool.toString()));

        JsonObject profiles = call(admin, "est_list_profiles", JsonValue.EMPTY_JSON_OBJECT);
        assertTrue(profiles.getJsonArray("profiles").getValuesAs(JsonObject.class).stream()
                .anyMatch(profile -> profile.getString("name").equals(partner())), profiles.toString());
        assertEquals(profiles, call(admin, "est_admin_stats", JsonValue.EMPTY_JSON_OBJECT));

        JsonObject cacerts = call(admin, "est_get_cacerts", arguments().add("profile", partner()).build());
        assertEquals(TestClients.serverCa(), CertsOnly.decode(Base64.getDecoder().decode(cacerts.getString("pkcs7"))).get(0));
        JsonObject csrattrs = call(admin, "est_get_csrattrs", arguments().add("profile", partner()).build());
        HttpResponse<String> overHttp = TestClients.https(null, null).send(HttpRequest.newBuilder(TestClients.est(partner() + "/csrattrs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(overHttp.statusCode() == 204 ? "" : overHttp.body().replaceAll("\\s", ""), csrattrs.getString("csrattrs"),
                "the same attributes as /csrattrs");

        KeyPair keys = TestClients.ecKeyPair();
        JsonObject enrolled = call(admin, "est_enroll", arguments().add("profile", partner()).add("csr", pem("CN=mcp-device", keys))
                .add("username", "mcp-device").add("password", PASSWORD).build());
        X509Certificate issued = parse(enrolled.getString("certificate"));
        assertEquals(keys.getPublic(), issued.getPublicKey());
        assertEquals(issued.getSerialNumber().toString(16), enrolled.getString("serial"));
        JsonObject renewed = call(admin, "est_reenroll", arguments().add("profile", partner()).add("csr", pem("CN=mcp-device", keys))
                .add("certificate", enrolled.getString("certificate")).add("password", PASSWORD).build());
        assertNotEquals(enrolled.getString("serial"), renewed.getString("serial"));
        assertEquals(keys.getPublic(), parse(renewed.getString("certificate")).getPublicKey());

        JsonObject wrongPassword = rpc(admin, 9, "tools/call", Json.createObjectBuilder().add("name", "est_enroll")
                .add("arguments", arguments().add("profile", partner()).add("csr", pem("CN=x", keys)).add("password", "guess")).build());
        assertTrue(wrongPassword.getJsonObject("result").getBoolean("isError"), wrongPassword.toString());
        JsonObject otherKey = rpc(admin, 10, "tools/call", Json.createObjectBuilder().add("name", "est_reenroll")
                .add("arguments", arguments().add("profile", partner()).add("csr", pem("CN=mcp-device", TestClients.ecKeyPair()))
                        .add("certificate", enrolled.getString("certificate")).add("password", PASSWORD)).build());
        assertTrue(otherKey.getJsonObject("result").getBoolean("isError"), "a renewal over MCP keeps its key: " + otherKey);

        JsonObject mtlsOnly = rpc(admin, 15, "tools/call", Json.createObjectBuilder().add("name", "est_enroll")
                .add("arguments", arguments().add("profile", devices()).add("csr", pem("CN=no-certificate", keys))).build());
        assertTrue(mtlsOnly.getJsonObject("result").getBoolean("isError"), "no mTLS-only enrollment without a certificate: " + mtlsOnly);
        JsonObject renewalByViewer = rpc(VIEWER_KEY, 16, "tools/call", Json.createObjectBuilder().add("name", "est_reenroll")
                .add("arguments", arguments().add("profile", partner()).add("csr", pem("CN=mcp-device", keys))
                        .add("certificate", enrolled.getString("certificate")).add("password", PASSWORD)).build());
        assertTrue(renewalByViewer.getJsonObject("result").getBoolean("isError"), "renewals are for admin keys: " + renewalByViewer);

        JsonObject byViewer = rpc(VIEWER_KEY, 11, "tools/call", Json.createObjectBuilder().add("name", "est_list_profiles")
                .add("arguments", JsonValue.EMPTY_JSON_OBJECT).build());
        assertTrue(byViewer.getJsonObject("result").getBoolean("isError"), "admin tools refuse viewer keys: " + byViewer);
        assertEquals(6, rpc(VIEWER_KEY, 12, "tools/list", JsonValue.EMPTY_JSON_OBJECT).getJsonObject("result").getJsonArray("tools").size());
        assertFalse(call(VIEWER_KEY, "est_get_cacerts", arguments().add("profile", partner()).build()).isEmpty());

        assertEquals(401, post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode());
        assertEquals(-32601, rpc(admin, 13, "no/such", JsonValue.EMPTY_JSON_OBJECT).getJsonObject("error").getInt("code"));
        assertEquals(-32602, rpc(admin, 14, "tools/call", Json.createObjectBuilder().add("name", "est_nothing").build())
                .getJsonObject("error").getInt("code"));
        assertEquals(-32700, json(post(admin, "{not json").body()).getJsonObject("error").getInt("code"));
        assertEquals(405, TestClients.https(null, null).send(HttpRequest.newBuilder(mcp()).header("Authorization", "Bearer " + admin)
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    private static OptionalLong metric(String outcome) throws Exception {
        Matcher line = Pattern.compile("(?m)^" + outcome + "\\{[^}]*profile=\"" + partner() + "\"[^}]*} ([0-9.eE+]+)").matcher(metrics());
        return line.find() ? OptionalLong.of((long) Double.parseDouble(line.group(1))) : OptionalLong.empty();
    }

    private static String metrics() throws Exception {
        HttpResponse<String> answer = TestClients.https(null, null).send(HttpRequest.newBuilder(URI.create("https://localhost:"
                + TestClients.httpsPort() + "/metrics?scope=application")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return answer.body();
    }

    private static HttpResponse<String> enroll(String subject, KeyPair keys, String password) throws Exception {
        return TestClients.https(null, null).send(HttpRequest.newBuilder(TestClients.est(partner() + "/simpleenroll"))
                .header("Content-Type", "application/pkcs10")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("device:" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Base64.getEncoder().encode(TestClients.csr(subject, keys).getEncoded())))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI mcp() {
        return URI.create("https://localhost:" + TestClients.httpsPort() + "/mcp");
    }

    private static HttpResponse<String> post(String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(mcp()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return TestClients.https(null, null).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject rpc(String key, int id, String method, JsonObject params) throws Exception {
        HttpResponse<String> answer = post(key, Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("method", method)
                .add("params", params).build().toString());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject message = json(answer.body());
        assertEquals(id, message.getInt("id"));
        return message;
    }

    /** A successful tool call's structured content. */
    private static JsonObject call(String key, String tool, JsonObject arguments) throws Exception {
        JsonObject result = rpc(key, 100, "tools/call", Json.createObjectBuilder().add("name", tool).add("arguments", arguments).build())
                .getJsonObject("result");
        assertFalse(result.getBoolean("isError"), result.toString());
        assertEquals(result.getJsonObject("structuredContent").toString(), result.getJsonArray("content").getJsonObject(0).getString("text"));
        return result.getJsonObject("structuredContent");
    }

    private static jakarta.json.JsonObjectBuilder arguments() {
        return Json.createObjectBuilder();
    }

    private static String pem(String subject, KeyPair keys) throws Exception {
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(TestClients.csr(subject, keys).getEncoded()) + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
