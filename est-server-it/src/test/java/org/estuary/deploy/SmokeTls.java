package org.estuary.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTPS clients of the smoke suite: they trust only the server's CA, and present a client certificate when given one. */
final class SmokeTls {

    private SmokeTls() {
    }

    /** Every certificate of a PEM file, in file order. */
    static List<X509Certificate> pemCertificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .forEach(certificate -> certificates.add((X509Certificate) certificate));
            return certificates;
        }
    }

    /** An HTTP/1.1 client trusting {@code anchors} only, without a client certificate. */
    static HttpClient client(List<X509Certificate> anchors) throws IOException, GeneralSecurityException {
        return client(anchors, null, null);
    }

    /** An HTTP/1.1 client trusting {@code anchors} only that presents {@code certificate} (with its key) when asked. */
    static HttpClient client(List<X509Certificate> anchors, KeyPair keys, X509Certificate certificate)
            throws IOException, GeneralSecurityException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context(anchors, keys, certificate))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A TLS context trusting {@code anchors} only, with {@code certificate} (and its key) as client certificate when not null. */
    static SSLContext context(List<X509Certificate> anchors, KeyPair keys, X509Certificate certificate)
            throws IOException, GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(certificate == null ? null : keyManagers(keys, certificate), trustManagers(anchors), null);
        return tls;
    }

    private static javax.net.ssl.TrustManager[] trustManagers(List<X509Certificate> anchors)
            throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
            trust.setCertificateEntry("ca-" + i, anchors.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(KeyPair keys, X509Certificate certificate)
            throws IOException, GeneralSecurityException {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("client", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(identity, new char[0]);
        return factory.getKeyManagers();
    }
}
