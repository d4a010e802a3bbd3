package org.estuary.profile.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.estuary.profile.control.EstProfileConfiguration.Outcome;
import org.estuary.profile.entity.EstProfile;

/**
 * The EST profiles this server publishes, read once from MicroProfile Config. Whether they may be
 * served is decided at start by {@code org.estuary.profile.boundary.ProfileStartup}, which refuses
 * to start while {@link #problems()} is not empty.
 */
@ApplicationScoped
public class EstProfiles {

    private Outcome outcome;

    @PostConstruct
    void read() {
        Config config = ConfigProvider.getConfig(EstProfiles.class.getClassLoader());
        outcome = EstProfileConfiguration.read(key -> config.getOptionalValue(key, String.class));
    }

    public List<EstProfile> all() {
        return outcome.profiles();
    }

    /** Everything wrong with the configuration, one line each naming the profile and the key. */
    public List<String> problems() {
        return outcome.problems();
    }

    /** The profile published under {@code label}; the empty label is the root profile, served only when no labels are configured. */
    public Optional<EstProfile> byLabel(String label) {
        return outcome.profiles().stream().filter(profile -> profile.label().equals(label)).findFirst();
    }
}
