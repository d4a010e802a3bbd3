package org.estuary.tls.agent;

import java.security.Provider;

/** A JCA provider with one service: the {@value #ALGORITHM} TrustManagerFactory. */
public final class PassThroughProvider extends Provider {

    /** Provider name, as {@code Security.getProvider} knows it. */
    public static final String NAME = "EstuaryTls";

    /** The algorithm a TLS listener names as its trust algorithm. */
    public static final String ALGORITHM = "EstuaryClientPassThrough";

    private static final long serialVersionUID = 1L;

    public PassThroughProvider() {
        super(NAME, "1.0", "Estuary: client certificate chains pass the TLS layer, the application judges them");
        putService(new Service(this, "TrustManagerFactory", ALGORITHM,
                PassThroughTrustManagerFactory.class.getName(), null, null));
    }
}
