package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.estuary.wire.CertsOnly;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 7030 §4.2.3 with manual approval on: 202 + Retry-After, a decision through the admin API,
 * then the client's retry of the same request is answered with the certificate or refused.
 */
@ExtendWith(ArquillianExtension.class)
class ManualApprovalIT {

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addClasses(ManualApprovalIT.class, TestClients.class, TestRecords.class)
                .addAsResource(new StringAsset("est.manual-approval=true\nest.manual-approval-retry-after=7\n"),
                        "META-INF/microprofile-config.properties");
    }

    @Resource(lookup = "java:app/jdbc/estuary")
    DataSource database;

    @Test
    void aHeldRequestIsIssuedOnTheRetryAfterAnAdministratorApprovesIt() throws Exception {
        HttpClient client = TestClients.https(null, null);
        String subject = "CN=held-then-approved " + System.nanoTime();
        byte[] csr = Base64.getEncoder().encode(TestClients.csr(subject, TestClients.ecKeyPair()).getEncoded());

        HttpResponse<String> held = TestClients.post(client, "simpleenroll", "application/pkcs10", csr);
        HttpResponse<String> heldAgain = TestClients.post(client, "simpleenroll", "application/pkcs10", csr);
        long id = pendingIdOf(subject);
        HttpResponse<String> approval = admin("POST", id + "/approve", adminKey());
        HttpResponse<String> issued = TestClients.post(client, "simpleenroll", "application/pkcs10", csr);

        assertEquals(202, held.statusCode());
        assertEquals("7", held.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(202, heldAgain.statusCode());
        assertEquals(200, approval.statusCode(), approval.body());
        assertEquals("approved", json(approval.body()).getString("status"));
        assertEquals(200, issued.statusCode(), issued.body());
        X509Certificate certificate = CertsOnly.decode(Base64.getMimeDecoder().decode(issued.body())).get(0);
        assertEquals(subject, certificate.getSubjectX500Principal().getName());
        String serial = certificate.getSerialNumber().toString(16);
        new TestRecords(database).assertCertificateRecorded(serial, certificate.getEncoded());
        assertEquals(List.of(List.of("ISSUED", serial)), new TestRecords(database).query(
                "SELECT status, certificate_serial FROM pending_enrollment WHERE id = ?", id));
        assertEquals(1, new TestRecords(database).countAudit("est_enrollment_approved",
                "simpleenroll of " + subject + " (request " + id + ")"));
    }

    @Test
    void aRejectedRequestIsRefusedWith403OnItsRetry() throws Exception {
        HttpClient client = TestClients.https(null, null);
        String subject = "CN=held-then-rejected " + System.nanoTime();
        byte[] csr = Base64.getEncoder().encode(TestClients.csr(subject, TestClients.ecKeyPair()).getEncoded());

        assertEquals(202, TestClients.post(client, "simpleenroll", "application/pkcs10", csr).statusCode());
        HttpResponse<String> rejection = admin("POST", pendingIdOf(subject) + "/reject", adminKey());
        HttpResponse<String> retry = TestClients.post(client, "simpleenroll", "application/pkcs10", csr);

        assertEquals("rejected", json(rejection.body()).getString("status"));
        assertEquals(403, retry.statusCode());
        assertEquals("enrollment was rejected by an administrator\n", retry.body());
    }

    @Test
    void theAdminApiRefusesCallsWithoutTheAdminKey() throws Exception {
        HttpResponse<String> none = admin("GET", "", null);
        HttpResponse<String> wrong = admin("GET", "", "not-the-key");
        HttpResponse<String> right = admin("GET", "", adminKey());

        assertEquals(401, none.statusCode());
        assertEquals(401, wrong.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        assertEquals(200, right.statusCode());
        assertEquals(JsonValue.ValueType.ARRAY, json(right.body()).get("pending").getValueType());
    }

    private static long pendingIdOf(String subject) throws Exception {
        HttpResponse<String> list = admin("GET", "", adminKey());
        return json(list.body()).getJsonArray("pending").getValuesAs(JsonObject.class).stream()
                .filter(pending -> pending.getString("subject").equals(subject))
                .mapToLong(pending -> pending.getJsonNumber("id").longValue())
                .findFirst().orElseThrow();
    }

    private static HttpResponse<String> admin(String method, String path, String key) throws Exception {
        return TestClients.admin(method, "est/pending/" + path, null, key);
    }

    private static String adminKey() throws Exception {
        return TestClients.adminKey();
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
