package org.estuary.auth.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.estuary.enrollment.entity.TlsSession;
import org.junit.jupiter.api.Test;

/**
 * TlsExporter against an in-memory TLS handshake between two JSSE engines: what it answers for a
 * session, on this JVM. The container path is proven by {@code TlsExporterIT} on Payara.
 */
class TlsExporterTest {

    private static final boolean JAVA_25 = Runtime.version().feature() >= 25;

    @Test
    void exportingIsAvailableFromJava25On() {
        assertEquals(JAVA_25, TlsExporter.available());
        assertTrue(TlsExporter.unavailableReason().contains("needs Java 25"), TlsExporter.unavailableReason());
    }

    @Test
    void overTls13TheServerExportsWhatTheClientExportsAndEachConnectionHasItsOwn() throws Exception {
        SSLEngine[] first = handshake("TLSv1.3");
        SSLEngine[] second = handshake("TLSv1.3");
        if (!JAVA_25) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> TlsExporter.of(first[1].getSession()));
            assertEquals(TlsExporter.unavailableReason(), refused.getMessage());
            return;
        }

        TlsSession server = TlsExporter.of(first[1].getSession());

        assertEquals("TLSv1.3", server.protocol());
        assertArrayEquals(clientExporter(first[0].getSession()), server.tlsExporter());
        assertEquals(TlsSession.EXPORTER_LENGTH, server.tlsExporter().length);
        assertFalse(Arrays.equals(server.tlsExporter(), TlsExporter.of(second[1].getSession()).tlsExporter()),
                "RFC 9266 §4.1: unique to the connection");
    }

    @Test
    void overTls12NoExporterIsTakenOnAnyJava() throws Exception {
        SSLEngine[] engines = handshake("TLSv1.2");

        assertEquals(TlsSession.withoutExporter("TLSv1.2"), TlsExporter.of(engines[1].getSession()));
    }

    @Test
    void plainHttpHasNoTlsSession() {
        assertEquals(Optional.empty(), TlsExporter.of(request(false)));
    }

    @Test
    void aSecureRequestFromAnotherContainerFailsLoudlyNamingTheStep() {
        HttpServletRequest wrapped = new HttpServletRequestWrapper(request(true));

        IllegalStateException changed = assertThrows(IllegalStateException.class, () -> TlsExporter.of(wrapped));

        assertTrue(changed.getMessage().startsWith("cannot reach the TLS session of a request through the container (at "
                + "jdk.proxy"), changed.getMessage());
        assertTrue(changed.getMessage().contains("[interface jakarta.servlet.http.HttpServletRequest] handled by "
                + TlsExporterTest.class.getName()), changed.getMessage());
        assertTrue(changed.getMessage().contains(", not an org.glassfish.hk2.api.ProxyCtl)"), changed.getMessage());
        assertTrue(changed.getMessage().endsWith("must be adapted to this container"), changed.getMessage());
    }

    /** The exporter as the client computes it, with the null context that RFC 9266 clients such as Go's pass. */
    private static byte[] clientExporter(SSLSession session) throws Exception {
        return (byte[]) ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class, byte[].class, int.class)
                .invoke(session, "EXPORTER-Channel-Binding", null, 32);
    }

    private static HttpServletRequest request(boolean secure) {
        return (HttpServletRequest) Proxy.newProxyInstance(TlsExporterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("isSecure")) {
                        return secure;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A completed handshake over {@code protocol}: the client's engine, then the server's. */
    private static SSLEngine[] handshake(String protocol) throws Exception {
        SSLContext context = Server.CONTEXT;
        SSLEngine client = context.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledProtocols(new String[] {protocol});
        SSLEngine server = context.createSSLEngine();
        server.setUseClientMode(false);
        int packet = client.getSession().getPacketBufferSize();
        int application = client.getSession().getApplicationBufferSize();
        ByteBuffer toServer = ByteBuffer.allocate(packet);
        ByteBuffer toClient = ByteBuffer.allocate(packet);
        ByteBuffer nothing = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 20; round++) {
            client.wrap(nothing, toServer);
            runTasks(client);
            server.wrap(nothing, toClient);
            runTasks(server);
            toServer.flip();
            toClient.flip();
            client.unwrap(toClient, ByteBuffer.allocate(application));
            runTasks(client);
            server.unwrap(toServer, ByteBuffer.allocate(application));
            runTasks(server);
            toServer.compact();
            toClient.compact();
            if (finished(client) && finished(server) && toServer.position() == 0 && toClient.position() == 0) {
                return new SSLEngine[] {client, server};
            }
        }
        throw new AssertionError("no handshake over " + protocol);
    }

    private static boolean finished(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    /** One throw-away key and self-signed certificate that both sides trust. */
    private static final class Server {

        static final SSLContext CONTEXT = context();

        private static SSLContext context() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair keys = generator.generateKeyPair();
                X500Name name = new X500Name("CN=localhost");
                Instant now = Instant.now();
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                        name, BigInteger.ONE, Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofHours(1))), name,
                        keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
                KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(store, new char[0]);
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("server", certificate);
                TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
                trustManagers.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
                return context;
            } catch (Exception unexpected) {
                throw new IllegalStateException(unexpected);
            }
        }
    }
}
