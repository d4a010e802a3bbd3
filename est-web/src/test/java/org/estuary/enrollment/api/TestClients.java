package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import org.estuary.wire.CertsOnly;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.BasicConstraints;
import java.util.Base64;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Keys, CSRs and HTTPS clients for the integration tests; the server's CA comes from its data directory. */
final class TestClients {

    private TestClients() {
    }

    static Path dataDir() {
        return Path.of(System.getProperty("est.data.dir"));
    }

    static int httpsPort() {
        return Integer.parseInt(System.getProperty("est.https.port"));
    }

    static URI est(String path) {
        return URI.create("https://localhost:" + httpsPort() + "/.well-known/est/" + path);
    }

    static X509Certificate serverCa() throws Exception {
        try (InputStream in = Files.newInputStream(dataDir().resolve("ca.crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static X509TrustManager trustingServerCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", serverCa());
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static PKCS10CertificationRequest csr(String subject, KeyPair keys) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    }

    static X509Certificate selfSigned(String subject, KeyPair keys) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name(subject);
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    /** Bouncy Castle's EST client for the root profile; with a key and certificate it presents them over TLS. */
    static ESTService estService(KeyPair clientKeys, X509Certificate clientCertificate) throws Exception {
        return estService(null, clientKeys, clientCertificate);
    }

    /** Bouncy Castle's EST client for the profile labelled {@code label} (the root when null). */
    static ESTService estService(String label, KeyPair clientKeys, X509Certificate clientCertificate) throws Exception {
        JsseESTServiceBuilder builder = new JsseESTServiceBuilder("localhost:" + httpsPort(), trustingServerCa());
        if (label != null) {
            builder.withLabel(label);
        }
        if (clientCertificate != null) {
            builder.withKeyManagers(keyManagers(clientKeys, clientCertificate));
        }
        return builder.build();
    }

    /**
     * A certificate signed with the server's own CA key, read from its data directory, bypassing EST
     * and the database: for certificates EST would never issue (expired ones, say).
     */
    static X509Certificate signedByServerCa(String subject, KeyPair keys, Instant notBefore, Instant notAfter)
            throws Exception {
        char[] password = Files.readString(Path.of(System.getProperty("est.ca.keystore-password-file"))).strip()
                .toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("est.ca.keystore")))) {
            store.load(in, password);
        }
        String alias = System.getProperty("est.ca.key-alias");
        X509Certificate ca = (X509Certificate) store.getCertificate(alias);
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(ca,
                BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter), new X500Name(subject),
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build((java.security.PrivateKey) store.getKey(alias, password))));
    }

    /** An HTTP/1.1 client that trusts the server's CA and, when given a key and certificate, presents them. */
    static HttpClient https(KeyPair clientKeys, X509Certificate clientCertificate) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        KeyManager[] keyManagers = null;
        if (clientCertificate != null) {
            keyManagers = keyManagers(clientKeys, clientCertificate);
        }
        tls.init(keyManagers, new TrustManager[] {trustingServerCa()}, null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static KeyManager[] keyManagers(KeyPair keys, X509Certificate certificate) throws Exception {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("client", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(identity, new char[0]);
        return factory.getKeyManagers();
    }

    static HttpResponse<String> post(HttpClient client, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(est(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code script} with bash in {@code work}, as a device's shell would; asserts it succeeds and returns its output. */
    static String bash(Path work, String script) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", script).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script finished");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /** A call to the admin API ({@code /api/v1/admin/<path>}) with {@code key} as Bearer key (none when null). */
    static HttpResponse<String> admin(String method, String path, String jsonBody, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort() + "/api/v1/admin/" + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return https(null, null).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Where {@code pattern} first occurs in {@code data}, or -1. */
    static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String adminKey() throws Exception {
        return Files.readString(dataDir().resolve("admin-api-key")).strip();
    }

    /** The certificate of a 200 answer to an enrollment (PKCS#7 certs-only, base64). */
    static X509Certificate certificate(HttpResponse<String> answer) throws Exception {
        assertEquals(200, answer.statusCode(), answer.body());
        return CertsOnly.decode(Base64.getMimeDecoder().decode(answer.body())).get(0);
    }

    /** A certificate made here, valid from three days ago: a test CA ({@code ca}) or a device's bootstrap certificate. */
    static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca,
            Instant notAfter) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minus(Duration.ofDays(3))), Date.from(notAfter),
                new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
