package org.estuary.health.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.operator.ContentSigner;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.estuary.ca.control.Issuer;
import org.estuary.ca.control.Issuers;

/**
 * Ready while every issuer's CA key signs: each check signs a short probe with each issuer's key, as
 * a CRL is signed. A key that cannot sign (a hardware token removed or logged out, a key file
 * unreadable) makes the server not ready, naming the issuer.
 */
@Readiness
@ApplicationScoped
public class CaKeyReadiness implements HealthCheck {

    private static final byte[] PROBE = "estuary readiness probe".getBytes(StandardCharsets.US_ASCII);

    @Inject
    Issuers issuers;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("ca-keys").up();
        for (Issuer issuer : issuers.holdingKeys()) {
            try {
                ContentSigner signer = issuer.contentSigner();
                try (OutputStream out = signer.getOutputStream()) {
                    out.write(PROBE);
                }
                if (signer.getSignature().length == 0) {
                    throw new IllegalStateException("an empty signature");
                }
                response.withData(issuer.id(), "signs");
            } catch (Exception cannotSign) {
                response.down().withData(issuer.id(), "cannot sign: " + cannotSign.getClass().getSimpleName());
            }
        }
        return response.build();
    }
}
