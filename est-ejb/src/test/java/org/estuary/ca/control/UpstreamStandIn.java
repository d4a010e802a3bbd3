package org.estuary.ca.control;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A stand-in upstream EST server for unit tests: the JDK's {@link HttpsServer} on 127.0.0.1 and a free
 * port, with a TLS certificate for 127.0.0.1 and localhost from its own throw-away CA (whose PEM is
 * {@link #trustBundle()}), optionally requiring a TLS client certificate. Every request is remembered
 * and answered with what the test's {@link Responder} says.
 */
final class UpstreamStandIn implements AutoCloseable {

    /** One request as the stand-in saw it. */
    record Request(String method, String path, Headers headers, byte[] body, List<Certificate> clientCertificates) {

        String header(String name) {
            return headers.getFirst(name);
        }

        /** The PKCS#10 a simpleenroll carries, base64 in the body (RFC 7030 §4.2.1). */
        PKCS10CertificationRequest csr() throws IOException {
            return new PKCS10CertificationRequest(Base64.getMimeDecoder().decode(body));
        }
    }

    /** What the stand-in answers: a status, headers and a body (empty for none). */
    record Answer(int status, Map<String, String> headers, byte[] body) {

        /** {@code status} with no body and the given header names and values. */
        static Answer status(int status, String... namesAndValues) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                headers.put(namesAndValues[i], namesAndValues[i + 1]);
            }
            return new Answer(status, headers, new byte[0]);
        }

        /**
         * 200 with a certs-only PKCS#7 (a SignedData without signers) holding {@code certificates}, in
         * base64, as RFC 7030 §4.1.3 and §4.2.3 answer /cacerts and /simpleenroll.
         */
        static Answer certsOnly(X509Certificate... certificates) throws Exception {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(List.of(certificates)));
            byte[] der = generator.generate(new CMSAbsentContent()).getEncoded();
            byte[] body = Base64.getMimeEncoder().encodeToString(der).getBytes(StandardCharsets.US_ASCII);
            return new Answer(200, Map.of("Content-Type", "application/pkcs7-mime; smime-type=certs-only",
                    "Content-Transfer-Encoding", "base64"), body);
        }
    }

    /** Decides the answer to a request. */
    @FunctionalInterface
    interface Responder {
        Answer answer(Request request) throws Exception;
    }

    private final HttpsServer server;
    private final Path trustBundle;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Responder responder = request -> Answer.status(404);

    /**
     * Starts the stand-in; its TLS CA is written as {@code upstream-tls-ca.pem} in {@code dir}.
     *
     * @param clientAnchor the CA a TLS client certificate must chain to, which the stand-in then
     *     requires; null to ask for none
     */
    UpstreamStandIn(Path dir, X509Certificate clientAnchor) throws Exception {
        TestCertificates.Ca tlsCa = TestCertificates.Ca.create("CN=Upstream TLS CA,O=Estuary Tests");
        KeyPair keys = TestCa.ecKeys("secp256r1");
        X509Certificate tlsCertificate = tlsCa.issue("CN=localhost", keys.getPublic(), KeyPurposeId.id_kp_serverAuth,
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("tls", keys.getPrivate(), TestCa.PASSWORD.toCharArray(),
                new X509Certificate[] {tlsCertificate, tlsCa.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(identity, TestCa.PASSWORD.toCharArray());
        TrustManagerFactory trustManagers = null;
        if (clientAnchor != null) {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("client-ca", clientAnchor);
            trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(anchors);
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), trustManagers == null ? null : trustManagers.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(clientAnchor != null);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/", this::handle);
        server.start();
        trustBundle = TestCertificates.pem(dir.resolve("upstream-tls-ca.pem"), tlsCa.certificate());
    }

    /** From now on, answers with what {@code responder} says. */
    UpstreamStandIn respond(Responder responder) {
        this.responder = responder;
        return this;
    }

    /** The stand-in's EST base URL with {@code basePath}, e.g. {@code /.well-known/est}. */
    URI url(String basePath) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + basePath);
    }

    /** A PEM file with the CA of the stand-in's TLS certificate. */
    Path trustBundle() {
        return trustBundle;
    }

    /** The requests seen so far, oldest first. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            List<Certificate> peer = List.of();
            try {
                peer = List.of(((HttpsExchange) exchange).getSSLSession().getPeerCertificates());
            } catch (SSLPeerUnverifiedException none) {
                // no client certificate
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes(), peer);
            requests.add(request);
            Answer answer;
            try {
                answer = responder.answer(request);
            } catch (Exception broken) {
                answer = new Answer(500, Map.of(), String.valueOf(broken).getBytes(StandardCharsets.UTF_8));
            }
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
