package org.estuary.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.estuary.auth.entity.TrustBundle;
import org.estuary.profile.entity.EstProfile;

/**
 * The mTLS trust bundle of each profile that has one. Loaded at start; replaced only by a reload
 * that succeeds, so a bad file leaves the bundle in force (fail-safe).
 */
@ApplicationScoped
public class TrustBundles {

    private final Map<String, TrustBundle> byProfile = new ConcurrentHashMap<>();

    private final Clock clock = Clock.systemUTC();

    /**
     * Loads or reloads the bundle of {@code profile} from its configured file.
     *
     * @throws IllegalArgumentException saying why the file was refused; the previous bundle stays
     */
    public TrustBundle load(EstProfile profile) {
        TrustBundle bundle = TrustBundle.load(profile.authentication().mtlsTrustBundle().orElseThrow(() ->
                new IllegalArgumentException("EST profile " + profile.name() + " has no mTLS trust bundle configured")),
                clock.instant());
        byProfile.put(profile.name(), bundle);
        return bundle;
    }

    public Optional<TrustBundle> of(EstProfile profile) {
        return Optional.ofNullable(byProfile.get(profile.name()));
    }
}
