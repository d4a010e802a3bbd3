package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.estuary.wire.CertsOnly;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The habits of real EST clients (DESIGN.md "Client habits"), spoken byte for byte over a TLS socket:
 * TLS 1.2 only, {@code Connection: close} and read-until-close, HTTP/1.0, a first request without
 * credentials answered 401 and retried on a new connection; every answer has a Content-Length, is
 * never chunked and carries few, canonically spelled headers. Also RFC 7030 Appendix A.3's request.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClientHabitsIT {

    /** What an answer may carry; anything else is a header a small client might choke on. */
    private static final List<String> EXPECTED_HEADERS = List.of("Content-Type", "Content-Length",
            "Content-Transfer-Encoding", "Date", "Connection", "WWW-Authenticate", "Retry-After", "Strict-Transport-Security",
            "X-Frame-Options");

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")));
    }

    /** An HTTP exchange as the bytes on the wire showed it. */
    record Exchange(String protocol, int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name);
        }
    }

    @Test
    void aTls12OnlyClientWithConnectionCloseEnrolls() throws Exception {
        byte[] csr = Base64.getEncoder().encode(TestClients.csr("CN=tls12-router", TestClients.ecKeyPair()).getEncoded());

        Exchange answer = exchange("TLSv1.2", null, post("simpleenroll", "application/pkcs10", csr));

        assertEquals("TLSv1.2", answer.protocol());
        assertEquals(200, answer.status());
        assertEquals("application/pkcs7-mime; smime-type=certs-only", answer.header("Content-Type"));
        assertEquals("CN=tls12-router", certificate(answer).getSubjectX500Principal().getName());
    }

    @Test
    void everyAnswerHasAContentLengthIsNeverChunkedAndTheServerClosesTheConnection() throws Exception {
        byte[] csr = Base64.getEncoder().encode(TestClients.csr("CN=close-reader", TestClients.ecKeyPair()).getEncoded());
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put(get("cacerts"), 200);
        expected.put(get("csrattrs"), 204);
        expected.put(post("simpleenroll", "application/pkcs10", csr), 200);
        expected.put(post("simpleenroll", "application/pkcs10", "not base64 at all!".getBytes(StandardCharsets.US_ASCII)), 400);
        expected.put(post("simplereenroll", "application/pkcs10", csr), 401);
        expected.put(post("serverkeygen", "application/pkcs10", csr), 404);
        // A bare PKCS#10 is no Full PKI Request (RFC 7030 §4.3.1).
        expected.put(post("fullcmc", "application/pkcs7-mime", csr), 400);
        expected.put(get("no-such-operation"), 404);

        for (var request : expected.entrySet()) {
            // exchange() reads until the server closes: a server that kept the connection open would time out.
            Exchange answer = exchange("TLSv1.3", null, request.getKey());
            String what = request.getKey().lines().findFirst().orElseThrow() + " -> " + answer.headers();
            assertEquals(request.getValue(), answer.status(), what);
            assertFalse(answer.headers().containsKey("Transfer-Encoding"), what);
            if (answer.status() != 204) {
                assertEquals(String.valueOf(answer.body().length), answer.header("Content-Length"), what);
            }
            assertTrue(EXPECTED_HEADERS.containsAll(answer.headers().keySet()), "few, canonically spelled headers: " + what);
        }
    }

    @Test
    void anHttp10ClientGetsTheCaCertificates() throws Exception {
        String request = "GET /.well-known/est/cacerts HTTP/1.0\r\nHost: localhost\r\n\r\n";

        Exchange answer = exchange("TLSv1.3", null, request);

        assertEquals(200, answer.status());
        assertEquals(String.valueOf(answer.body().length), answer.header("Content-Length"));
        assertEquals(TestClients.serverCa(), CertsOnly.decode(Base64.getMimeDecoder().decode(answer.body())).get(0));
    }

    @Test
    void aClientThatFirstAsksWithoutCredentialsIsChallengedAndSucceedsOnANewConnection() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        byte[] csr = Base64.getEncoder().encode(TestClients.csr("CN=retrying-client", keys).getEncoded());
        X509Certificate issued = certificate(exchange("TLSv1.3", null, post("simpleenroll", "application/pkcs10", csr)));

        Exchange challenged = exchange("TLSv1.2", null, post("simplereenroll", "application/pkcs10", csr));
        Exchange retried = exchange("TLSv1.2", TestClients.keyManagers(keys, issued),
                post("simplereenroll", "application/pkcs10", csr));

        assertEquals(401, challenged.status());
        assertEquals("Basic realm=\"estuary\"", challenged.header("WWW-Authenticate"));
        assertEquals(200, retried.status());
        assertEquals("CN=retrying-client", certificate(retried).getSubjectX500Principal().getName());
    }

    @Test
    void theRfcAppendixA3RequestEnrolls() throws Exception {
        byte[] request;
        try (InputStream in = ClientHabitsIT.class.getResourceAsStream("/rfc7030/a3-simpleenroll-request.b64")) {
            request = in.readAllBytes();
        }

        Exchange answer = exchange("TLSv1.3", null, post("simpleenroll", "application/pkcs10", request));

        assertEquals(200, answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals("CN=demostep4 1368141352", certificate(answer).getSubjectX500Principal().getName());
    }

    private static String get(String operation) {
        return "GET /.well-known/est/" + operation + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    }

    private static String post(String operation, String contentType, byte[] body) {
        return "POST /.well-known/est/" + operation + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n"
                + new String(body, StandardCharsets.US_ASCII);
    }

    /** Sends {@code request} on a fresh TLS connection limited to {@code protocol}, then reads until the server closes. */
    private static Exchange exchange(String protocol, KeyManager[] keyManagers, String request) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers, new TrustManager[] {TestClients.trustingServerCa()}, null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", TestClients.httpsPort())) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setSoTimeout(20_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] received = socket.getInputStream().readAllBytes();
            return parse(socket.getSession().getProtocol(), received);
        }
    }

    private static Exchange parse(String protocol, byte[] received) {
        int end = TestClients.indexOf(received, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(end > 0, "an HTTP head ends with CRLF CRLF");
        List<String> lines = new ArrayList<>(new String(received, 0, end, StandardCharsets.ISO_8859_1).lines().toList());
        String[] statusLine = lines.remove(0).split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return new Exchange(protocol, Integer.parseInt(statusLine[1]), headers,
                Arrays.copyOfRange(received, end + 4, received.length));
    }

    private static X509Certificate certificate(Exchange answer) throws Exception {
        assertEquals(200, answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
        return CertsOnly.decode(Base64.getMimeDecoder().decode(answer.body())).get(0);
    }
}
