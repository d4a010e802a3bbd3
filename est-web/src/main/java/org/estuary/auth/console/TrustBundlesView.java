package org.estuary.auth.console;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import org.estuary.auth.control.TrustBundles;
import org.estuary.auth.entity.TrustBundle;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.EstProfile;

/** The console's Trust bundles tab: for each profile that authenticates clients by mTLS, its anchors and their expiry. */
@Named
@ViewScoped
public class TrustBundlesView implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    /** A trust anchor as a row shows it. */
    public record Anchor(String subject, String issuer, String notAfter, ExpiryCountdown countdown) implements Serializable {
    }

    /** A profile's bundle: where it was read from and when, and its anchors, soonest to expire first. */
    public record Bundle(String profile, String source, String loadedAt, List<Anchor> anchors) implements Serializable {
    }

    @Inject
    EstProfiles estProfiles;

    @Inject
    TrustBundles trustBundles;

    public List<Bundle> getBundles() {
        Instant now = Instant.now();
        return estProfiles.all().stream()
                .filter(profile -> profile.authentication().mtlsTrustBundle().isPresent())
                .map(profile -> bundle(profile, now))
                .toList();
    }

    private Bundle bundle(EstProfile profile, Instant now) {
        return trustBundles.of(profile).map(bundle -> new Bundle(profile.name(), bundle.source().toString(),
                        DAY.format(bundle.loadedAt().atOffset(ZoneOffset.UTC)), anchors(bundle, now)))
                .orElseGet(() -> new Bundle(profile.name(), profile.authentication().mtlsTrustBundle().get().toString(),
                        "not loaded", List.of()));
    }

    private static List<Anchor> anchors(TrustBundle bundle, Instant now) {
        return bundle.anchors().stream()
                .sorted(Comparator.comparing(anchor -> anchor.getNotAfter()))
                .map(anchor -> new Anchor(anchor.getSubjectX500Principal().getName(), anchor.getIssuerX500Principal().getName(),
                        DAY.format(anchor.getNotAfter().toInstant().atOffset(ZoneOffset.UTC)),
                        ExpiryCountdown.until(anchor.getNotAfter().toInstant(), now)))
                .toList();
    }
}
