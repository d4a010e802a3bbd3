package org.estuary.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens TLS connections to the server, trusting the given CA certificates and checking the
 * server's name as HTTPS does. A connection for the handshake mode comes from a new SSLContext,
 * whose client session cache is empty, so that every handshake is a full one.
 */
final class TlsConnector {

    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int READ_TIMEOUT_MILLIS = 30_000;

    private final String host;
    private final int port;
    private final TrustManager[] trustManagers;
    private final SSLContext shared;

    TlsConnector(String host, int port, Path caCertificates) throws IOException, GeneralSecurityException {
        this.host = host;
        this.port = port;
        this.trustManagers = trustManagers(caCertificates);
        this.shared = context(trustManagers);
    }

    /** A connected socket whose handshake has completed. */
    SSLSocket open(boolean fullHandshake) throws IOException {
        SSLContext context;
        try {
            context = fullHandshake ? context(trustManagers) : shared;
        } catch (GeneralSecurityException unexpected) {
            throw new IllegalStateException("cannot make an SSLContext", unexpected);
        }
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            plain.setSoTimeout(READ_TIMEOUT_MILLIS);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException failed) {
            plain.close();
            throw failed;
        }
    }

    /** What Host says: the authority of the server's URL. */
    String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static SSLContext context(TrustManager[] trustManagers) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers, null);
        return context;
    }

    private static TrustManager[] trustManagers(Path pem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + pem);
        }
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        int n = 0;
        for (Certificate certificate : certificates) {
            anchors.setCertificateEntry("ca-" + n++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        return factory.getTrustManagers();
    }
}
