package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed input never yields a 5xx: a corpus of broken bodies, types, paths, methods and framing,
 * each sent byte for byte over its own TLS connection. Every answer must be a 4xx with a short
 * reason (or a closed connection, for framing the HTTP layer cannot read), never a 5xx, a stack
 * trace or a Java class name. fullcmc's 501 is its specified answer and is not counted as a failure.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MalformedInputIT {

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")));
    }

    /** One case: what is sent, and a name for the tally. */
    private record Case(String name, byte[] request) {
    }

    @Test
    void noMalformedRequestGetsA5xxOrLeaksInternals() throws Exception {
        byte[] csr = Base64.getEncoder().encode(TestClients.csr("CN=corpus", TestClients.ecKeyPair()).getEncoded());
        byte[] badSignature = TestClients.csr("CN=tampered", TestClients.ecKeyPair()).getEncoded();
        badSignature[badSignature.length - 3] ^= 1;
        byte[] random = new byte[300];
        new SecureRandom().nextBytes(random);
        List<Case> cases = new ArrayList<>();
        for (String operation : List.of("simpleenroll", "simplereenroll", "serverkeygen", "fullcmc")) {
            cases.add(post(operation, "truncated base64", "application/pkcs10", slice(csr, csr.length / 2)));
            cases.add(post(operation, "garbage base64", "application/pkcs10", ascii("!!!@@@###$$$%%%")));
            cases.add(post(operation, "base64 of random bytes", "application/pkcs10", Base64.getEncoder().encode(random)));
            cases.add(post(operation, "base64 of a certificate", "application/pkcs10",
                    Base64.getEncoder().encode(TestClients.serverCa().getEncoded())));
            cases.add(post(operation, "bad signature", "application/pkcs10", Base64.getEncoder().encode(badSignature)));
            cases.add(post(operation, "empty body", "application/pkcs10", new byte[0]));
            cases.add(post(operation, "70 KB body", "application/pkcs10", new byte[70_000]));
            cases.add(post(operation, "PEM without base64 inside", "application/x-pem-file",
                    ascii("-----BEGIN CERTIFICATE REQUEST-----\n%%%\n-----END CERTIFICATE REQUEST-----\n")));
        }
        for (String type : List.of("text/html", "application/json", "multipart/form-data; boundary=x", "")) {
            cases.add(post("simpleenroll", "garbage as " + (type.isEmpty() ? "no type" : type), type, ascii("{\"csr\": 1}")));
        }
        for (String accept : List.of("text/html", "*/*;q=x", "application/pkcs7-mime;;;", "\u00e9")) {
            cases.add(raw("odd Accept " + accept, "POST /.well-known/est/simpleenroll HTTP/1.1\r\nHost: localhost\r\nAccept: "
                    + accept + "\r\nContent-Type: application/pkcs10\r\nContent-Length: 3\r\nConnection: close\r\n\r\n!!!"));
        }
        for (String path : List.of("/.well-known/est/../cacerts", "/.well-known/est/%2e%2e/cacerts", "/.well-known/est/UPPER/cacerts",
                "/.well-known/est/" + "x".repeat(300) + "/cacerts", "/.well-known/est/est/cacerts", "/.well-known/est/%C3%A9/cacerts",
                "/.well-known/est/%00/cacerts", "/.well-known/est/a%2Fb/cacerts", "/.well-known/est-mtls/cacerts",
                "/.well-known/est/cacerts/extra")) {
            cases.add(raw("path " + path, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        }
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            cases.add(raw(method + " simpleenroll", method + " /.well-known/est/simpleenroll HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
        }
        cases.add(raw("CR inside a header value", "POST /.well-known/est/simpleenroll HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Injected: a\rb\r\nContent-Length: 3\r\nConnection: close\r\n\r\n!!!"));
        cases.add(raw("two different Content-Lengths", "POST /.well-known/est/simpleenroll HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 3\r\nContent-Length: 9\r\nConnection: close\r\n\r\n!!!"));
        cases.add(raw("broken chunk", "POST /.well-known/est/simpleenroll HTTP/1.1\r\nHost: localhost\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n!!!\r\n0\r\n\r\n"));
        cases.add(raw("Content-Length larger than the body", "POST /.well-known/est/simpleenroll HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 500\r\nConnection: close\r\n\r\nMIIB"));
        cases.add(raw("header without a colon", "GET /.well-known/est/cacerts HTTP/1.1\r\nHost localhost\r\nConnection: close\r\n\r\n"));
        cases.add(raw("not HTTP at all", "\u0016\u0003\u0001garbage\r\n\r\n"));

        Map<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Case one : cases) {
            Answer answer = exchange(one.request());
            statuses.merge(answer.status() == 0 ? "closed" : String.valueOf(answer.status()), 1, Integer::sum);
            boolean fullCmc = one.name().contains("fullcmc") || new String(one.request(), StandardCharsets.ISO_8859_1)
                    .startsWith("POST /.well-known/est/fullcmc");
            if (answer.status() >= 500 && !(fullCmc && answer.status() == 501)) {
                failures.add(one.name() + " -> " + answer.status() + " " + answer.body());
            }
            if (answer.body().contains("Exception") || answer.body().contains("java.") || answer.body().contains("at org.")) {
                failures.add(one.name() + " leaks internals: " + answer.body());
            }
        }
        long fiveHundreds = statuses.entrySet().stream().filter(status -> status.getKey().startsWith("5") && !status.getKey().equals("501"))
                .mapToInt(Map.Entry::getValue).sum();
        System.out.printf("malformed input: %d cases, %d x 5xx (501 from fullcmc excluded); statuses %s%n", cases.size(),
                fiveHundreds, statuses);
        assertEquals(List.of(), failures);
        assertFalse(statuses.containsKey("200"), "nothing malformed was accepted: " + statuses);
        assertTrue(statuses.getOrDefault("400", 0) > 0);
    }

    /** A slow client that sends half a body and stops is cut off, or told 4xx, without hanging the server or getting a 5xx. */
    @Test
    void aClientThatStopsMidBodyGetsNo5xx() throws Exception {
        try (SSLSocket socket = connect()) {
            socket.setSoTimeout(90_000);
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST /.well-known/est/simpleenroll HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nMII"));
            out.flush();
            Answer answer = read(socket.getInputStream());
            assertTrue(answer.status() == 0 || answer.status() / 100 == 4, answer.status() + " " + answer.body());
        }
        assertEquals(200, exchange(ascii("GET /.well-known/est/cacerts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .status(), "the server still answers");
    }

    private record Answer(int status, String body) {
    }

    private static Case post(String operation, String name, String type, byte[] body) {
        String head = "POST /.well-known/est/" + operation + " HTTP/1.1\r\nHost: localhost\r\n"
                + (type.isEmpty() ? "" : "Content-Type: " + type + "\r\n") + "Content-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(ascii(head));
        request.writeBytes(body);
        return new Case(operation + ": " + name, request.toByteArray());
    }

    private static Case raw(String name, String request) {
        return new Case(name, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends on a fresh TLS connection; the answer, or status 0 when the server closed without one. */
    private static Answer exchange(byte[] request) throws Exception {
        try (SSLSocket socket = connect()) {
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException closedWhileSending) {
                // the server may answer and close before a large body is sent; read what it said
            }
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) {
        byte[] all;
        try {
            all = in.readAllBytes();
        } catch (IOException closed) {
            return new Answer(0, "");
        }
        String text = new String(all, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.")) {
            return new Answer(0, text);
        }
        int headEnd = text.indexOf("\r\n\r\n");
        return new Answer(Integer.parseInt(text.substring(9, 12)), headEnd < 0 ? "" : text.substring(headEnd + 4));
    }

    private static SSLSocket connect() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {TestClients.trustingServerCa()}, null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", TestClients.httpsPort());
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return socket;
    }

    private static byte[] slice(byte[] bytes, int length) {
        return java.util.Arrays.copyOf(bytes, length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
