package org.estuary.enrollment.api;

import static org.estuary.enrollment.api.TestClients.certificate;
import static org.estuary.enrollment.api.TestClients.pem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication per profile with real certificates over real TLS: wifi and corp serve only the
 * mTLS route, each with its own bootstrap CA as trust bundle (wifi capped at two enrollments per
 * device and address a day); partner wants HTTP Basic. Counters come from the admin API, which a
 * viewer key may read and only an admin key change.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MtlsIT {

    static final String PARTNER_PASSWORD = "partner-secret";

    static final String VIEWER_KEY = "viewer-key-for-tests";

    private static final Path FILES = TestClients.dataDir().resolve("mtls-it");
    private static KeyPair wifiCaKeys;
    private static X509Certificate wifiCa;
    private static KeyPair corpCaKeys;
    private static X509Certificate corpCa;

    @Deployment
    static WebArchive deployment() throws Exception {
        Files.createDirectories(FILES);
        wifiCaKeys = TestClients.ecKeyPair();
        wifiCa = certificate("CN=WiFi Bootstrap CA", wifiCaKeys, "CN=WiFi Bootstrap CA", wifiCaKeys, true, days(365));
        corpCaKeys = TestClients.ecKeyPair();
        corpCa = certificate("CN=Corp Bootstrap CA", corpCaKeys, "CN=Corp Bootstrap CA", corpCaKeys, true, days(365));
        Files.writeString(FILES.resolve("wifi-ca.pem"), pem(wifiCa));
        Files.writeString(FILES.resolve("corp-ca.pem"), pem(corpCa));
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addAsResource(new StringAsset(String.join("\n",
                        "est.profiles=wifi,corp,partner,ledger",
                        "est.profile.wifi.issuer-id=iss-local",
                        "est.profile.wifi.allowed-auth-modes=mtls",
                        "est.profile.wifi.mtls-enabled=true",
                        "est.profile.wifi.mtls-client-ca-trust-bundle-path=" + FILES.resolve("wifi-ca.pem"),
                        "est.profile.wifi.rate-limit-per-principal-24h=2",
                        "est.profile.corp.issuer-id=iss-local",
                        "est.profile.corp.allowed-auth-modes=mtls",
                        "est.profile.corp.mtls-enabled=true",
                        "est.profile.corp.mtls-client-ca-trust-bundle-path=" + FILES.resolve("corp-ca.pem"),
                        "est.profile.partner.issuer-id=iss-local",
                        "est.profile.partner.allowed-auth-modes=basic",
                        "est.profile.partner.enrollment-password=" + PARTNER_PASSWORD,
                        "est.profile.ledger.issuer-id=iss-local",
                        "est.admin.api-keys=ops-dashboard:viewer:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(VIEWER_KEY.getBytes(StandardCharsets.UTF_8))),
                        "")), "META-INF/microprofile-config.properties");
    }

    @Test
    void aBootstrapCertificateOfTheProfilesCaEnrollsOnTheMtlsRoute() throws Exception {
        KeyPair bootstrapKeys = TestClients.ecKeyPair();
        X509Certificate bootstrap = certificate("CN=laptop-100", bootstrapKeys, "CN=WiFi Bootstrap CA", wifiCaKeys, false, days(30));
        KeyPair deviceKeys = TestClients.ecKeyPair();

        HttpResponse<String> enrolled = post(bootstrapKeys, bootstrap, "est-mtls/wifi/simpleenroll", csr("CN=laptop-100", deviceKeys));
        X509Certificate issued = certificate(enrolled);
        HttpResponse<String> renewed = post(deviceKeys, issued, "est-mtls/wifi/simplereenroll", csr("CN=laptop-100", deviceKeys));

        assertEquals("CN=laptop-100", issued.getSubjectX500Principal().getName());
        assertEquals(200, renewed.statusCode(), "our own certificate renews on the mTLS route: " + renewed.body());
        assertEquals(404, post(null, null, "est/wifi/simpleenroll", csr("CN=laptop-100", deviceKeys)).statusCode(),
                "an mTLS-only profile has no Basic/anonymous route");
        assertEquals(404, post(null, null, "est-mtls/partner/simpleenroll", csr("CN=x", deviceKeys)).statusCode());
        assertEquals(200, get("est-mtls/wifi/cacerts").statusCode(), "cacerts needs no client certificate (RFC 7030 §4.1.1)");
    }

    @Test
    void foreignExpiredSelfSignedAndMissingCertificatesAreRefusedAndCounted() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        X509Certificate corpDevice = certificate("CN=corp-laptop", keys, "CN=Corp Bootstrap CA", corpCaKeys, false, days(30));
        X509Certificate expired = certificate("CN=old-laptop", keys, "CN=WiFi Bootstrap CA", wifiCaKeys, false, days(-1));
        X509Certificate selfSigned = certificate("CN=self", keys, "CN=self", keys, false, days(30));
        long before = counter("wifi", "est_auth_failed_mtls");

        HttpResponse<String> crossProfile = post(keys, corpDevice, "est-mtls/wifi/simpleenroll", csr("CN=corp-laptop", keys));
        HttpResponse<String> late = post(keys, expired, "est-mtls/wifi/simpleenroll", csr("CN=old-laptop", keys));
        HttpResponse<String> self = post(keys, selfSigned, "est-mtls/wifi/simpleenroll", csr("CN=self", keys));
        HttpResponse<String> none = post(null, null, "est-mtls/wifi/simpleenroll", csr("CN=nobody", keys));
        HttpResponse<String> home = post(keys, corpDevice, "est-mtls/corp/simpleenroll", csr("CN=corp-laptop", keys));

        assertEquals(401, crossProfile.statusCode());
        assertEquals("client certificate CN=corp-laptop does not chain to this profile's trust bundle\n", crossProfile.body());
        assertEquals(401, late.statusCode());
        assertEquals("client certificate CN=old-laptop has expired\n", late.body());
        assertEquals(401, self.statusCode());
        assertEquals(401, none.statusCode());
        assertEquals(before + 4, counter("wifi", "est_auth_failed_mtls"));
        assertEquals(200, home.statusCode(), "the same certificate is good on its own profile: " + home.body());
    }

    @Test
    void aDeviceGetsTwoEnrollmentsADayFromOneAddress() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        X509Certificate bootstrap = certificate("CN=laptop-200", keys, "CN=WiFi Bootstrap CA", wifiCaKeys, false, days(30));
        long before = counter("wifi", "est_rate_limited");

        int first = post(keys, bootstrap, "est-mtls/wifi/simpleenroll", csr("CN=laptop-200", keys)).statusCode();
        int second = post(keys, bootstrap, "est-mtls/wifi/simpleenroll", csr("CN=laptop-200", keys)).statusCode();
        HttpResponse<String> third = post(keys, bootstrap, "est-mtls/wifi/simpleenroll", csr("CN=laptop-200", keys));

        assertEquals(200, first);
        assertEquals(200, second);
        assertEquals(429, third.statusCode());
        assertEquals("enrollment limit of 2 per 24 hours reached for laptop-200 from 127.0.0.1\n", third.body());
        assertTrue(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow()) > 86000);
        assertEquals(before + 1, counter("wifi", "est_rate_limited"));
    }

    /** The troubleshooting matrix's Basic rows with curl: no password, wrong password, then the lockout after ten. */
    @Test
    void curlProvokesTheBasicRowsOfTheTroubleshootingMatrix(@TempDir Path work) throws Exception {
        long failedBefore = counter("partner", "est_auth_failed_basic");
        long limitedBefore = counter("partner", "est_rate_limited");
        String curl = "curl -s -o /dev/null -w '%{http_code}\\n' --cacert " + TestClients.dataDir().resolve("ca.crt")
                + " -H 'Content-Type: application/pkcs10' --data-binary @device.csr";
        String url = " https://localhost:" + TestClients.httpsPort() + "/.well-known/est/partner/simpleenroll";

        String output = TestClients.bash(work, String.join("\n",
                "set -euo pipefail",
                "openssl ecparam -name prime256v1 -genkey -noout -out device.key",
                "openssl req -new -key device.key -subj /CN=partner-1 -outform DER | base64 -w0 > device.csr",
                curl + " -u device:" + PARTNER_PASSWORD + url,
                curl + url,
                "for i in $(seq 10); do " + curl + " -u device:wrong" + url + "; done | sort | uniq -c | tr -s ' '",
                curl + " -u device:" + PARTNER_PASSWORD + " -D headers" + url,
                "grep -i '^retry-after' headers | tr -d '\\r' | cut -d' ' -f1"));

        assertEquals(String.join("\n", "200", "401", " 10 401", "429", "retry-after:"), output.strip());
        assertEquals(failedBefore + 11, counter("partner", "est_auth_failed_basic"), "ten wrong passwords and one challenge");
        assertEquals(limitedBefore + 1, counter("partner", "est_rate_limited"));
    }

    /** The troubleshooting matrix's mTLS row with curl and openssl: a certificate the profile's bundle does not vouch for. */
    @Test
    void curlProvokesTheMtlsRowOfTheTroubleshootingMatrix(@TempDir Path work) throws Exception {
        long before = counter("wifi", "est_auth_failed_mtls");

        String output = TestClients.bash(work, String.join("\n",
                "set -euo pipefail",
                "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout stranger.key -subj /CN=stranger"
                        + " -days 1 -out stranger.pem 2>/dev/null",
                "openssl req -new -key stranger.key -subj /CN=stranger -outform DER | base64 -w0 > device.csr",
                "curl -s -w ' %{http_code}\\n' --cacert " + TestClients.dataDir().resolve("ca.crt")
                        + " --cert stranger.pem --key stranger.key -H 'Content-Type: application/pkcs10' --data-binary @device.csr"
                        + " https://localhost:" + TestClients.httpsPort() + "/.well-known/est-mtls/wifi/simpleenroll | tr -d '\\n'"));

        assertEquals("client certificate CN=stranger does not chain to this profile's trust bundle 401", output.strip());
        assertEquals(before + 1, counter("wifi", "est_auth_failed_mtls"));
    }

    @Test
    void aTrustBundleReloadKeepsTheOldBundleUnlessTheNewFileIsGood() throws Exception {
        Path bundle = FILES.resolve("corp-ca.pem");
        KeyPair keys = TestClients.ecKeyPair();
        X509Certificate corpDevice = certificate("CN=corp-desk", keys, "CN=Corp Bootstrap CA", corpCaKeys, false, days(30));
        KeyPair newCaKeys = TestClients.ecKeyPair();
        X509Certificate newCa = certificate("CN=Corp Bootstrap CA 2", newCaKeys, "CN=Corp Bootstrap CA 2", newCaKeys, true, days(365));
        X509Certificate newDevice = certificate("CN=corp-new", keys, "CN=Corp Bootstrap CA 2", newCaKeys, false, days(30));
        X509Certificate expiredCa = certificate("CN=Expired CA", newCaKeys, "CN=Expired CA", newCaKeys, true, days(-1));
        long reloadsBefore = counter("corp", "est_trust_anchor_reloaded");

        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n");
        HttpResponse<String> garbage = reload("corp");
        Files.writeString(bundle, "");
        HttpResponse<String> empty = reload("corp");
        Files.writeString(bundle, pem(expiredCa));
        HttpResponse<String> expired = reload("corp");
        int stillTrusted = post(keys, corpDevice, "est-mtls/corp/simpleenroll", csr("CN=corp-desk", keys)).statusCode();
        int notYetTrusted = post(keys, newDevice, "est-mtls/corp/simpleenroll", csr("CN=corp-new", keys)).statusCode();
        Files.writeString(bundle, pem(corpCa) + pem(newCa));
        HttpResponse<String> good = reload("corp");
        int nowTrusted = post(keys, newDevice, "est-mtls/corp/simpleenroll", csr("CN=corp-new", keys)).statusCode();
        HttpResponse<String> unknown = reload("partner");

        assertEquals(422, garbage.statusCode());
        assertEquals(bundle + " does not hold PEM certificates; the previous trust bundle stays in force\n", garbage.body());
        assertEquals(422, empty.statusCode());
        assertEquals(422, expired.statusCode());
        assertTrue(expired.body().contains("holds only expired certificates"), expired.body());
        assertEquals(200, stillTrusted);
        assertEquals(401, notYetTrusted);
        assertEquals(200, good.statusCode(), good.body());
        assertEquals(2, json(good.body()).getJsonArray("trust_anchors").size());
        assertEquals(200, nowTrusted);
        assertEquals(422, unknown.statusCode());
        assertEquals(reloadsBefore + 1, counter("corp", "est_trust_anchor_reloaded"));
        JsonObject corp = profile("corp");
        assertEquals("[\"mtls\"]", corp.getJsonArray("auth_modes").toString());
        assertEquals("[\"/.well-known/est-mtls/corp/\"]", corp.getJsonArray("routes").toString());
        assertEquals(2, corp.getJsonArray("trust_anchors").size());
        assertEquals(401, TestClients.admin("GET", "est/profiles", null, null).statusCode());
    }

    @Test
    void aViewerKeyReadsButCannotChangeAndNoKeyIsChallenged() throws Exception {
        HttpResponse<String> viewerReads = TestClients.admin("GET", "est/profiles", null, VIEWER_KEY);
        HttpResponse<String> viewerChanges = TestClients.admin("POST", "est/reload-trust", "{\"profile\":\"wifi\"}", VIEWER_KEY);
        HttpResponse<String> adminChanges = TestClients.admin("POST", "est/reload-trust", "{\"profile\":\"wifi\"}",
                TestClients.adminKey());
        HttpResponse<String> anonymous = TestClients.admin("POST", "est/reload-trust", "{\"profile\":\"wifi\"}", null);
        HttpResponse<String> wrong = TestClients.admin("GET", "est/profiles", null, "not-a-key");

        assertEquals(200, viewerReads.statusCode());
        assertEquals(403, viewerChanges.statusCode());
        assertEquals(200, adminChanges.statusCode(), adminChanges.body());
        assertEquals(401, anonymous.statusCode());
        assertEquals("Bearer realm=\"estuary-admin\"", anonymous.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(401, wrong.statusCode());
    }

    private static HttpResponse<String> reload(String profile) throws Exception {
        return TestClients.admin("POST", "est/reload-trust", "{\"profile\":\"" + profile + "\"}", TestClients.adminKey());
    }

    @Test
    void theAuditApiFiltersByActionProfileAndTimeAndPagesNewestFirst() throws Exception {
        Instant since = Instant.now().minusMillis(1);
        for (int i = 1; i <= 3; i++) {
            certificate(post(null, null, "est/ledger/simpleenroll", csr("CN=audit-probe-" + i, TestClients.ecKeyPair())));
        }
        String query = "audit?action_prefix=est_simple_enroll&profile=ledger&since=" + since + "&limit=2";

        HttpResponse<String> first = TestClients.admin("GET", query, null, VIEWER_KEY);
        JsonObject firstPage = json(first.body());
        HttpResponse<String> second = TestClients.admin("GET", query + "&before=" + firstPage.getJsonNumber("next").longValue(),
                null, TestClients.adminKey());
        JsonObject secondPage = json(second.body());

        assertEquals(200, first.statusCode(), first.body());
        List<String> details = new ArrayList<>();
        firstPage.getJsonArray("events").getValuesAs(JsonObject.class).forEach(event -> details.add(event.getString("detail")));
        secondPage.getJsonArray("events").getValuesAs(JsonObject.class).forEach(event -> details.add(event.getString("detail")));
        assertEquals(List.of("issued CN=audit-probe-3", "issued CN=audit-probe-2", "issued CN=audit-probe-1"), details,
                "newest first, over two pages");
        assertEquals("est_simple_enroll_success", firstPage.getJsonArray("events").getJsonObject(0).getString("action"));
        assertEquals("anonymous", firstPage.getJsonArray("events").getJsonObject(0).getString("principal"));
        assertTrue(secondPage.isNull("next"), "the last page has no next");
        assertEquals(0, json(TestClients.admin("GET", "audit?profile=ledger&since=" + Instant.now().plusSeconds(3600), null,
                VIEWER_KEY).body()).getJsonArray("events").size(), "nothing in the future");
        assertEquals(400, TestClients.admin("GET", "audit?since=yesterday", null, VIEWER_KEY).statusCode());
        assertEquals(400, TestClients.admin("GET", "audit?limit=0", null, VIEWER_KEY).statusCode());
        assertEquals(401, TestClients.admin("GET", "audit", null, null).statusCode());
    }

    private static long counter(String profile, String action) throws Exception {
        JsonObject counters = profile(profile).getJsonObject("counters");
        return counters.containsKey(action) ? counters.getJsonNumber(action).longValue() : 0;
    }

    private static JsonObject profile(String name) throws Exception {
        HttpResponse<String> listed = TestClients.admin("GET", "est/profiles", null, TestClients.adminKey());
        assertEquals(200, listed.statusCode(), listed.body());
        return json(listed.body()).getJsonArray("profiles").getValuesAs(JsonObject.class).stream()
                .filter(profile -> profile.getString("name").equals(name)).findFirst().orElseThrow();
    }

    private static HttpResponse<String> post(KeyPair keys, X509Certificate certificate, String path, byte[] body) throws Exception {
        HttpClient client = TestClients.https(keys, certificate);
        return client.send(HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + TestClients.httpsPort()
                        + "/.well-known/" + path)).header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return TestClients.https(null, null).send(HttpRequest.newBuilder(java.net.URI.create("https://localhost:"
                + TestClients.httpsPort() + "/.well-known/" + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] csr(String subject, KeyPair keys) throws Exception {
        return Base64.getEncoder().encode(TestClients.csr(subject, keys).getEncoded());
    }

    private static Instant days(int days) {
        return Instant.now().plus(Duration.ofDays(days));
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
