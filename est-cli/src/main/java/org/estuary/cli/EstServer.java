package org.estuary.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.est.ESTAuth;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.HttpAuth;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;

/**
 * The server a command talks to: Bouncy Castle's EST client for the RFC 7030 operations it covers,
 * and a plain HTTPS client with the same trust and client key where {@code est} reads the answer
 * itself. Turns the ways a call fails into one-line {@link CliFailure}s.
 */
final class EstServer {

    final CliOptions options;
    final PrivateKey clientKey;
    final List<X509Certificate> clientChain;
    private final X509TrustManager trust;
    private final KeyManager[] keys;

    EstServer(CliOptions options) throws CliFailure {
        this.options = options;
        this.clientChain = options.cert() == null ? List.of() : Pem.certificates(options.cert());
        this.clientKey = options.key() == null ? null : Pem.privateKey(options.key());
        if (clientKey != null) {
            requireKeyOfCertificate(clientKey, clientChain.get(0), options);
        }
        try {
            this.trust = trustManager(options.caCert() == null ? null : Pem.certificates(options.caCert()));
            this.keys = clientChain.isEmpty() ? null : keyManagers(clientKey, clientChain);
        } catch (GeneralSecurityException | IOException broken) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot set up TLS: " + broken.getMessage());
        }
    }

    ESTService est() {
        JsseESTServiceBuilder builder = new JsseESTServiceBuilder(options.authority(), new X509TrustManager[] {trust});
        if (options.label() != null) {
            builder.withLabel(options.label());
        }
        if (keys != null) {
            builder.withKeyManagers(keys);
        }
        return builder.withTimeout(30_000).build();
    }

    /** HTTP Basic when a user was given, else none (the TLS client certificate, if any, authenticates). */
    ESTAuth auth() {
        return options.user() == null ? null : new HttpAuth(options.user(), options.password().toCharArray());
    }

    /** A POST of {@code base64Body} to the profile's {@code operation}, read by {@code est} itself. */
    HttpResponse<byte[]> post(String operation, byte[] base64Body) throws CliFailure {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys, new TrustManager[] {trust}, null);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://" + options.authority()
                            + options.estPath() + "/" + operation))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/pkcs10")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(base64Body));
            if (options.user() != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (options.user() + ":" + options.password()).getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<byte[]> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(15)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw refused(answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
            }
            return answer;
        } catch (IOException unreachable) {
            throw unreachable(unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.UNREACHABLE, "interrupted");
        } catch (GeneralSecurityException broken) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot set up TLS: " + broken.getMessage());
        }
    }

    /** What a failed call of Bouncy Castle's client means for the user. */
    CliFailure failure(IOException failed) {
        if (failed instanceof ESTException refusal && refusal.getStatusCode() > 0) {
            String body = "";
            try {
                body = refusal.getBody() == null ? "" : new String(refusal.getBody().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException unreadable) {
                // the status says enough
            }
            return refused(refusal.getStatusCode(), body);
        }
        return unreachable(failed);
    }

    static CliFailure refused(int status, String body) {
        String reason = body.strip().lines().findFirst().orElse("");
        return new CliFailure(ExitCode.REFUSED, "the server refused: HTTP " + status + (reason.isEmpty() ? "" : " " + reason)
                + (status == 401 ? " (credentials: --user/--password or --cert/--key)" : ""));
    }

    private CliFailure unreachable(IOException failed) {
        Throwable cause = failed;
        while (cause.getCause() != null && !(cause instanceof SSLException)) {
            cause = cause.getCause();
        }
        String what = cause instanceof SSLException ? "TLS with " + options.authority() + " failed: " + cause.getMessage()
                + (options.caCert() == null ? " (give the server's CA with --cacert)" : "")
                : "cannot reach " + options.authority() + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                        : cause.getMessage());
        return new CliFailure(ExitCode.UNREACHABLE, what, failed);
    }

    /** A key that is not the certificate's fails the TLS handshake with nothing but a broken pipe: say so first. */
    private static void requireKeyOfCertificate(PrivateKey key, X509Certificate certificate, CliOptions options)
            throws CliFailure {
        byte[] probe = "est".getBytes(StandardCharsets.US_ASCII);
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException mismatch) {
            // reported below
        }
        throw new CliFailure(ExitCode.USAGE, options.key() + " is not the private key of " + options.cert());
    }

    private static X509TrustManager trustManager(List<X509Certificate> anchors) throws GeneralSecurityException, IOException {
        KeyStore store = null;
        if (anchors != null) {
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("anchor-" + i, anchors.get(i));
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException, IOException {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("client", key, new char[0], chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(identity, new char[0]);
        return factory.getKeyManagers();
    }
}
