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
    }
}
