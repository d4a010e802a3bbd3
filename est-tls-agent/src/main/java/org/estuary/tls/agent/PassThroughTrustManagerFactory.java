package org.estuary.tls.agent;

import java.security.KeyStore;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;

/** Hands out the one {@link ClientChainPassThroughTrustManager}; keystores given to it are ignored. */
public final class PassThroughTrustManagerFactory extends TrustManagerFactorySpi {

    private final TrustManager[] trustManagers = {new ClientChainPassThroughTrustManager()};

    @Override
    protected void engineInit(KeyStore keyStore) {
        // The server's trust store plays no part in judging EST clients.
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {
        // As above.
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return trustManagers.clone();
    }
}
