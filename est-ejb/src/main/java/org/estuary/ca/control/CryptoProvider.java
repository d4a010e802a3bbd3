package org.estuary.ca.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one place that chooses JCA providers. For everything, our own instance of the bundled
 * Bouncy Castle provider: it is never looked up by name, because an application server may
 * register an older Bouncy Castle of its own under the same name. For the signatures on the hot
 * path ({@link Signatures}), Amazon Corretto Crypto Provider where the start-up agent installed it
 * (about seven times Bouncy Castle's ECDSA rate here), else the same Bouncy Castle.
 */
@ApplicationScoped
public class CryptoProvider {

    static final String CORRETTO = "AmazonCorrettoCryptoProvider";

    private final Provider provider = new BouncyCastleProvider();

    private final Provider signatures = Security.getProvider(CORRETTO) != null ? Security.getProvider(CORRETTO) : provider;

    @Produces
    public Provider provider() {
        return provider;
    }

    @Produces
    @Signatures
    public Provider signatures() {
        return signatures;
    }
}
