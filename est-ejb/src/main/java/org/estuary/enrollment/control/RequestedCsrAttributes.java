package org.estuary.enrollment.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estuary.wire.CsrAttributes;

/**
 * What /csrattrs asks clients to put in their CSRs (RFC 7030 §4.5, RFC 8951 §4), from
 * {@code est.csrattrs}: entries separated by {@code ;}, each an OID or {@code OID=VALUE|VALUE}.
 * Parsed once at start; a bad entry stops the deployment with a message naming it.
 */
@ApplicationScoped
public class RequestedCsrAttributes {

    @Inject
    @ConfigProperty(name = "est.csrattrs", defaultValue = " ")
    String configured;

    private byte[] der;

    @PostConstruct
    void parse() {
        try {
            CsrAttrs attributes = CsrAttributes.fromConfiguration(configured);
            der = CsrAttributes.isEmpty(attributes) ? new byte[0] : CsrAttributes.encode(attributes);
        } catch (IllegalArgumentException bad) {
            String refusal = "est.csrattrs: " + bad.getMessage();
            Logger.getLogger(getClass().getName()).severe(refusal); // the container buries the cause in a long trace
            throw new IllegalStateException(refusal, bad);
        }
    }

    void atStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // Observing on this bean creates it, which runs parse().
    }

    /** The DER CsrAttrs, or an empty array when nothing is asked for. */
    public byte[] der() {
        return der.clone();
    }
}
