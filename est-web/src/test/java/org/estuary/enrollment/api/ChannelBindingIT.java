package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.CSRAttributesResponse;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.ChannelBindingProvider;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
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
 * RFC 9266 channel binding against the real server: {@code TlsExporter} must find, through Payara's
 * internals, the same tls-exporter value that the client computes for its connection, and
 * the EST profile {@value #BOUND} (channel-binding-required) must admit a CSR bound to the
 * connection and refuse others. A test-only endpoint ({@link ChannelBindingProbe}) shows the server's
 * view; the clients are a raw TLS socket and Bouncy Castle's EST client. Before Java 25 nothing can
 * export keying material, and the server must say so.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChannelBindingIT {

    private static final boolean JAVA_25 = Runtime.version().feature() >= 25;
    private static final String PROBE = "/.well-known/est/" + ChannelBindingProbe.LABEL + "/";

    /** The EST profile that requires binding; it exists only on Java 25, since before that such a profile refuses to start. */
    private static final String BOUND = "bound";

    @Deployment
    static WebArchive deployment() {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addClasses(ChannelBindingProbe.class, ChannelBindingProbeResource.class);
        if (JAVA_25) {
            war.addAsResource(new StringAsset(String.join("\n",
                    "est.profiles=" + BOUND,
                    "est.profile." + BOUND + ".issuer-id=iss-local",
                    "est.profile." + BOUND + ".mtls-enabled=true",
                    "est.profile." + BOUND + ".channel-binding-required=true",
                    "")), "META-INF/microprofile-config.properties");
        }
        return war;
    }

    /**
     * On Java 25, true. Before it the bound profile cannot exist, and what a client can be shown
     * instead is the server saying why: the test asserts that and ends.
     */
    private static boolean java25OrItsRefusalShown() throws Exception {
        if (JAVA_25) {
            return true;
        }
        try (SSLSocket socket = connect(tls(), "TLSv1.3")) {
            Answer answer = send(socket, get("tls", true));
            assertEquals(503, answer.status(), answer.body());
            assertTrue(answer.body().contains("needs Java 25 or later"), answer.body());
        }
        return false;
    }

    /** One HTTP answer as the bytes on the wire showed it. */
    record Answer(int status, Map<String, String> headers, String body) {

        Map<String, String> lines() {
            Map<String, String> lines = new LinkedHashMap<>();
            body.lines().filter(line -> line.contains("=")).forEach(line ->
                    lines.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
            return lines;
        }
    }

    @Test
    void overTls13TheServerSeesTheExporterTheClientComputesOnEveryConnectionAndRequest() throws Exception {
        SSLContext tls = tls();
        List<String> seen = new ArrayList<>();
        for (int connection = 0; connection < 2; connection++) {
            // The second connection may resume the first one's session: its exporter must still be its own.
            try (SSLSocket socket = connect(tls, "TLSv1.3")) {
                Answer first = send(socket, get("tls", false));
                if (!JAVA_25) {
                    assertEquals(503, first.status(), first.body());
                    assertTrue(first.body().contains("needs Java 25 or later"), first.body());
                    return;
                }
                Answer second = send(socket, get("tls", true));
                String client = HexFormat.of().formatHex(exporter(socket.getSession()));
                assertEquals(200, first.status(), first.body());
                assertEquals("TLSv1.3", first.lines().get("protocol"), first.body());
                assertEquals(client, first.lines().get("exporter"), "the server found this connection's session: " + first.body());
                assertEquals(client, second.lines().get("exporter"), "and again for the next request on it");
                seen.add(client);
            }
        }
        assertNotEquals(seen.get(0), seen.get(1), "RFC 9266 §4.1: each connection has its own binding");
    }

    @Test
    void overTls12TheServerReportsTls12AndNoBindingOnAnyJava() throws Exception {
        try (SSLSocket socket = connect(tls(), "TLSv1.2")) {
            Answer answer = send(socket, get("tls", true));

            assertEquals(200, answer.status(), answer.body());
            assertEquals("TLSv1.2", answer.lines().get("protocol"));
            assertEquals("none", answer.lines().get("exporter"));
        }
    }

    @Test
    void aBoundCsrOverTls12IsToldToUpgrade() throws Exception {
        if (!java25OrItsRefusalShown()) {
            return;
        }
        KeyPair keys = TestClients.ecKeyPair();
        try (SSLSocket socket = connect(tls(), "TLSv1.2")) {
            Answer answer = send(socket, enroll(csr(keys, PKCSObjectIdentifiers.pkcs_9_at_challengePassword,
                    new DERPrintableString(Base64.getEncoder().encodeToString(new byte[32]))), true));

            assertEquals(426, answer.status(), answer.body());
            assertTrue(answer.body().endsWith("this connection uses TLSv1.2\n"), answer.headers() + " " + answer.body());
            assertEquals(String.valueOf(answer.body().length()), answer.headers().get("Content-Length"), "framed as every answer");
        }
    }

    @Test
    void aCsrBoundToItsOwnConnectionEnrollsThroughEitherAttribute() throws Exception {
        if (!java25OrItsRefusalShown()) {
            return;
        }
        for (ASN1ObjectIdentifier type : List.of(PKCSObjectIdentifiers.id_aa_estIdentityLinking,
                PKCSObjectIdentifiers.pkcs_9_at_challengePassword)) {
            KeyPair keys = TestClients.ecKeyPair();
            try (SSLSocket socket = connect(tls(), "TLSv1.3")) {
                String binding = Base64.getEncoder().encodeToString(exporter(socket.getSession()));

                Answer answer = send(socket, enroll(csr(keys, type, new DERUTF8String(binding)), true));

                assertEquals(200, answer.status(), type + ": " + answer.body());
            }
        }
    }

    @Test
    void aCsrBoundToAnotherConnectionIsAConflictAndOneWithoutBindingIsABadRequest() throws Exception {
        if (!java25OrItsRefusalShown()) {
            return;
        }
        KeyPair keys = TestClients.ecKeyPair();
        SSLContext tls = tls();
        PKCS10CertificationRequest relayed;
        try (SSLSocket attackers = connect(tls, "TLSv1.3")) {
            relayed = csr(keys, PKCSObjectIdentifiers.id_aa_estIdentityLinking,
                    new DERUTF8String(Base64.getEncoder().encodeToString(exporter(attackers.getSession()))));
        }

        Answer conflict;
        Answer missing;
        try (SSLSocket socket = connect(tls, "TLSv1.3")) {
            conflict = send(socket, enroll(relayed, false));
            missing = send(socket, enroll(TestClients.csr("CN=unbound", keys), true));
        }

        assertEquals(409, conflict.status(), conflict.body());
        assertEquals("the CSR's channel binding does not match this TLS connection\n", conflict.body());
        assertEquals(400, missing.status(), missing.body());
        assertTrue(missing.body().startsWith("linking of identity and POP information is required"), missing.body());
    }

    @Test
    void bouncyCastlesEstClientBindsItsCsrToTheConnectionWhenGivenAnExporterAsChannelBinding() throws Exception {
        if (!java25OrItsRefusalShown()) {
            return;
        }
        KeyPair keys = TestClients.ecKeyPair();
        PKCS10CertificationRequestBuilder request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bc-bound"),
                keys.getPublic());
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
        CSRAttributesResponse asksForIdentityLinking = new CSRAttributesResponse(
                new CsrAttrs(new AttrOrOID(PKCSObjectIdentifiers.id_aa_estIdentityLinking)));

        // Without a csrattrs response it writes challengePassword (RFC 7030 §3.5); with one that lists
        // estIdentityLinking, that attribute (RFC 7894 §4).
        EnrollmentResponse viaChallengePassword = bouncyCastle(exporterBinding()).simpleEnrollPoP(false, request, signer, null);
        EnrollmentResponse viaIdentityLinking = bouncyCastle(exporterBinding()).simpleEnrollPoP(false, request, signer, null,
                asksForIdentityLinking);
        ESTException unbound = assertThrows(ESTException.class,
                () -> bouncyCastle(bindingOfAnotherConnection()).simpleEnrollPoP(false, request, signer, null));

        assertEquals(keys.getPublic(), certified(viaChallengePassword).getPublicKey());
        assertEquals(keys.getPublic(), certified(viaIdentityLinking).getPublicKey());
        assertEquals(409, unbound.getStatusCode(), unbound.getMessage());
    }

    /** The troubleshooting matrix's channel-binding row with curl, which cannot bind: unbound over TLS 1.3, and TLS 1.2. */
    @Test
    void curlProvokesTheChannelBindingRowOfTheTroubleshootingMatrix(@TempDir Path work)
            throws Exception {
        if (!java25OrItsRefusalShown()) {
            return;
        }
        String curl = "curl -s -o /dev/null -w '%{http_code}\\n' --cacert " + TestClients.dataDir().resolve("ca.crt")
                + " -H 'Content-Type: application/pkcs10' --data-binary @device.csr https://localhost:" + TestClients.httpsPort()
                + "/.well-known/est/" + BOUND + "/simpleenroll";

        String output = TestClients.bash(work, String.join("\n",
                "set -euo pipefail",
                "openssl ecparam -name prime256v1 -genkey -noout -out device.key",
                "openssl req -new -key device.key -subj /CN=unbound -outform DER | base64 -w0 > device.csr",
                curl + " --tlsv1.3",
                curl + " --tls-max 1.2"));

        assertEquals("400\n426", output.strip());
    }

    @Test
    void overHttp2TheServerStillFindsTheTlsSession() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls())
                .connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + TestClients.httpsPort() + PROBE + "tls")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(HttpClient.Version.HTTP_2, answer.version(), "Payara offers h2 over TLS");
        if (!JAVA_25) {
            assertEquals(503, answer.statusCode(), answer.body());
            return;
        }
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().matches("(?s)protocol=TLSv1\\.3\nexporter=[0-9a-f]{64}\n.*"), answer.body());
    }

    private static X509Certificate certified(EnrollmentResponse enrolled) throws Exception {
        X509CertificateHolder certificate = (X509CertificateHolder) enrolled.getStore().getMatches(null).iterator().next();
        return new JcaX509CertificateConverter().getCertificate(certificate);
    }

    /** Bouncy Castle's EST client for the probe's label, over TLS 1.3, with {@code binding} as its channel binding. */
    private static ESTService bouncyCastle(ChannelBindingProvider binding) throws Exception {
        return new JsseESTServiceBuilder("localhost:" + TestClients.httpsPort(), TestClients.trustingServerCa())
                .withTLSVersion("TLSv1.3").withChannelBindingProvider(binding).withLabel(BOUND).build();
    }

    /**
     * Bouncy Castle asks its provider for "tls-unique", which TLS 1.3 does not define (RFC 9266 §3);
     * answering with the tls-exporter value instead is how its EST client binds a CSR over TLS 1.3.
     */
    private static ChannelBindingProvider exporterBinding() {
        return new ChannelBindingProvider() {
            @Override
            public boolean canAccessChannelBinding(Socket socket) {
                return socket instanceof SSLSocket tls && "TLSv1.3".equals(tls.getSession().getProtocol());
            }

            @Override
            public byte[] getChannelBinding(Socket socket, String binding) {
                return exporter(((SSLSocket) socket).getSession());
            }
        };
    }

    /** A provider that answers a binding, but one of some other connection. */
    private static ChannelBindingProvider bindingOfAnotherConnection() throws Exception {
        byte[] other;
        try (SSLSocket socket = connect(tls(), "TLSv1.3")) {
            other = exporter(socket.getSession());
        }
        return new ChannelBindingProvider() {
            @Override
            public boolean canAccessChannelBinding(Socket socket) {
                return true;
            }

            @Override
            public byte[] getChannelBinding(Socket socket, String binding) {
                return other.clone();
            }
        };
    }

    /** RFC 9266 §2, as a client computes it: the label, no context, 32 bytes (JDK 25's ExtendedSSLSession). */
    static byte[] exporter(SSLSession session) {
        try {
            return (byte[]) ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class, byte[].class, int.class)
                    .invoke(session, "EXPORTER-Channel-Binding", null, 32);
        } catch (ReflectiveOperationException unavailable) {
            throw new IllegalStateException("cannot export keying material on Java " + Runtime.version(), unavailable);
        }
    }

    private static PKCS10CertificationRequest csr(KeyPair keys, ASN1ObjectIdentifier type, ASN1Encodable binding)
            throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bound"), keys.getPublic()).addAttribute(type, binding)
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    }

    private static SSLContext tls() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {TestClients.trustingServerCa()}, null);
        return tls;
    }

    private static SSLSocket connect(SSLContext tls, String protocol) throws Exception {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", TestClients.httpsPort());
        socket.setEnabledProtocols(new String[] {protocol});
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }

    private static String get(String operation, boolean last) {
        return "GET " + PROBE + operation + " HTTP/1.1\r\nHost: localhost\r\n" + (last ? "Connection: close\r\n" : "") + "\r\n";
    }

    private static String enroll(PKCS10CertificationRequest csr, boolean last) throws IOException {
        String body = Base64.getEncoder().encodeToString(csr.getEncoded());
        return "POST /.well-known/est/" + BOUND + "/simpleenroll HTTP/1.1\r\nHost: localhost\r\n" + (last ? "Connection: close\r\n" : "")
                + "Content-Type: application/pkcs10\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** Writes {@code request} on the connection and reads one answer, by its Content-Length. */
    private static Answer send(SSLSocket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed in the head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(next);
        }
        List<String> lines = new ArrayList<>(head.toString(StandardCharsets.ISO_8859_1).strip().lines().toList());
        int status = Integer.parseInt(lines.remove(0).split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines) {
            headers.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).strip());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("Content-Length", "0")));
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }
}
