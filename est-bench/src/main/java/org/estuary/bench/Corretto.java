package org.estuary.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Security;

/**
 * Amazon Corretto Crypto Provider (AWS-LC) as the first JCA provider of the benchmark's JVM, as the
 * server's start-up agent installs it in the server's: the client's TLS and CSR signatures, and the
 * in-process limit's signing and CSR verification ({@code CryptoProvider} picks it once installed),
 * then run on the same code as the server's. Where its native library does not load (another
 * platform) nothing changes. {@code -Dest.accp=false} leaves it out, as it does for the server.
 */
final class Corretto {

    static final String NAME = "AmazonCorrettoCryptoProvider";

    private Corretto() {
    }

    /** Installs ACCP first when it is healthy here and not switched off; answers whether it did. */
    static boolean install() {
        if ("false".equalsIgnoreCase(System.getProperty("est.accp"))) {
            return false;
        }
        try {
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            AmazonCorrettoCryptoProvider.install();
        } catch (RuntimeException | LinkageError unavailable) {
            return false;
        }
        return true;
    }

    /** "AmazonCorrettoCryptoProvider 2.5.0": the first JCA provider, which the client's TLS and keys use. */
    static String firstProvider() {
        Provider first = Security.getProviders()[0];
        return first.getName() + " " + first.getVersionStr();
    }
}
