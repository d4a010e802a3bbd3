package org.estuary.tls.agent;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyStore;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

class ClientCertificatePassThroughAgentTest {

    @Test
    void premainMakesTheTrustAlgorithmAvailableToTlsListeners() throws Exception {
        ClientCertificatePassThroughAgent.premain(null);
        ClientCertificatePassThroughAgent.premain("twice is harmless");

        TrustManagerFactory factory = TrustManagerFactory.getInstance(PassThroughProvider.ALGORITHM);
        factory.init((KeyStore) null);
        TrustManager[] managers = factory.getTrustManagers();

        assertEquals(1, managers.length);
        assertTrue(managers[0] instanceof X509ExtendedTrustManager);
        assertEquals(1, java.util.Arrays.stream(Security.getProviders())
                .filter(p -> p.getName().equals(PassThroughProvider.NAME)).count());
    }

    @Test
    void anyNonEmptyClientChainPassesWhateverItsIssuer() {
        ClientChainPassThroughTrustManager manager = new ClientChainPassThroughTrustManager();
        X509Certificate[] chain = {SelfSigned.CERTIFICATE};

        assertDoesNotThrow(() -> manager.checkClientTrusted(chain, "ECDHE_ECDSA"));
        assertDoesNotThrow(() -> manager.checkClientTrusted(chain, "ECDHE_ECDSA", (java.net.Socket) null));
        assertDoesNotThrow(() -> manager.checkClientTrusted(chain, "ECDHE_ECDSA", (javax.net.ssl.SSLEngine) null));
    }

    @Test
    void anEmptyClientChainIsRefused() {
        ClientChainPassThroughTrustManager manager = new ClientChainPassThroughTrustManager();

        assertThrows(CertificateException.class, () -> manager.checkClientTrusted(new X509Certificate[0], "RSA"));
        assertThrows(CertificateException.class, () -> manager.checkClientTrusted(null, "RSA"));
    }

    @Test
    void noServerIsEverTrusted() {
        ClientChainPassThroughTrustManager manager = new ClientChainPassThroughTrustManager();
        X509Certificate[] chain = {SelfSigned.CERTIFICATE};

        assertThrows(CertificateException.class, () -> manager.checkServerTrusted(chain, "ECDHE_ECDSA"));
        assertThrows(CertificateException.class,
                () -> manager.checkServerTrusted(chain, "ECDHE_ECDSA", (javax.net.ssl.SSLEngine) null));
    }

    @Test
    void advertisesNoAcceptableIssuersSoClientsMaySendAnyCertificate() {
        assertEquals(0, new ClientChainPassThroughTrustManager().getAcceptedIssuers().length);
    }
}
