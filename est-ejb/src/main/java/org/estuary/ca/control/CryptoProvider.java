package org.estuary.ca.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one place that chooses the JCA provider for signatures and CSR verification: our own
 * instance of the bundled Bouncy Castle provider. It is never looked up by name, because an
 * application server may register an older Bouncy Castle of its own under the same name.
 */
@ApplicationScoped
public class CryptoProvider {

    private final Provider provider = new BouncyCastleProvider();

    @Produces
    public Provider provider() {
        return provider;
    }
}
