package org.estuary.tls.agent;

import java.lang.instrument.Instrumentation;
import java.security.Security;

/**
 * Registers {@link PassThroughProvider} before the application server boots.
 *
 * <p>Payara's and WildFly's TLS layers drop a client certificate they cannot chain to their own
 * trust store, even with client authentication set to "want". EST needs the opposite: each EST
 * profile trusts its own bundle, and re-enrollment trusts our own CA, so the decision belongs to
 * the application. The listener selects {@value PassThroughProvider#ALGORITHM} as its trust
 * algorithm; the handshake still proves that the client holds the private key.
 *
 * <p>It also installs Amazon Corretto Crypto Provider (AWS-LC) as the first JCA provider when its
 * jar lies beside the agent and its native library loads on this platform: TLS handshakes and the
 * CA's signatures then run several times faster. Elsewhere nothing changes. {@code -Dest.accp=false}
 * leaves it out.
 */
public final class ClientCertificatePassThroughAgent {

    private ClientCertificatePassThroughAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        premain(arguments);
    }

    public static void premain(String arguments) {
        if (Security.getProvider(PassThroughProvider.NAME) == null) {
            Security.addProvider(new PassThroughProvider());
        }
        if (!"false".equalsIgnoreCase(System.getProperty("est.accp"))) {
            installCorrettoCryptoProvider();
        }
    }

    /** Installs ACCP first when it is on the class path and healthy; answers whether it did. */
    static boolean installCorrettoCryptoProvider() {
        try {
            Class<?> accp = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
            Object instance = accp.getField("INSTANCE").get(null);
            accp.getMethod("assertHealthy").invoke(instance);
            accp.getMethod("install").invoke(null);
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
            return false;
        }
    }
}
