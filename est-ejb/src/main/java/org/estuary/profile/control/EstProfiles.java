package org.estuary.profile.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estuary.profile.entity.EstProfile;

/** The EST profiles this server publishes. For now the root profile alone. */
@ApplicationScoped
public class EstProfiles {

    @Inject
    @ConfigProperty(name = "est.issuer-id", defaultValue = "iss-local")
    String rootIssuerId;

    public EstProfile root() {
        return EstProfile.root(rootIssuerId);
    }
}
