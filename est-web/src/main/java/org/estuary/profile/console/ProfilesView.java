package org.estuary.profile.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.estuary.admin.console.ConsoleActor;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditAction;
import org.estuary.auth.boundary.TrustAdministration;
import org.estuary.auth.boundary.TrustAdministration.ReloadRefused;
import org.estuary.auth.console.ExpiryCountdown;
import org.estuary.auth.control.TrustBundles;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.AuthMode;
import org.estuary.profile.entity.EstProfile;

/**
 * The console's Profiles tab: a card per EST profile with its routes' auth modes, issuer, certificate
 * profile, the countdown to its earliest trust-anchor expiry, and its outcome counters (the admin
 * API's numbers, from the audit trail); and the "Reload trust anchor" dialog.
 */
@Named
@ViewScoped
public class ProfilesView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One outcome counter of a profile. */
    public record Counter(String code, long count) implements Serializable {
    }

    /** A profile as its card shows it. */
    public record Card(String name, List<String> routes, List<String> authModes, String issuerId, String certificateProfile,
            boolean trustBundle, ExpiryCountdown earliestAnchorExpiry, String earliestAnchorSubject, List<Counter> counters,
            boolean serverKeygen, boolean manualApproval) implements Serializable {
    }

    @Inject
    EstProfiles estProfiles;

    @Inject
    TrustBundles trustBundles;

    @Inject
    AuditTrail auditTrail;

    @Inject
    TrustAdministration trustAdministration;

    @Inject
    ConsoleActor actor;

    private List<Card> cards;
    private String reloadProfile;
    private String reloadError;
    private String reloadDone;

    @PostConstruct
    public void refresh() {
        Map<String, Map<String, Long>> counts = auditTrail.countsByProfile();
        cards = estProfiles.all().stream().map(profile -> card(profile, counts.getOrDefault(profile.name(), Map.of()))).toList();
    }

    private Card card(EstProfile profile, Map<String, Long> counts) {
        List<Counter> counters = AuditAction.PROFILE_OUTCOMES.stream()
                .map(action -> new Counter(action.code(), counts.getOrDefault(action.code(), 0L)))
                .toList();
        Optional<X509Certificate> earliest = trustBundles.of(profile)
                .flatMap(bundle -> bundle.anchors().stream().min(Comparator.comparing(X509Certificate::getNotAfter)));
        return new Card(profile.name(), profile.routes(),
                profile.authentication().isAnonymous() ? List.of("anonymous")
                        : profile.authentication().modes().stream().map(AuthMode::toString).sorted().toList(),
                profile.issuerId(), profile.certificateProfileId().orElse("(baseline)"),
                profile.authentication().mtlsTrustBundle().isPresent(),
                earliest.map(anchor -> ExpiryCountdown.until(anchor.getNotAfter().toInstant(), Instant.now())).orElse(null),
                earliest.map(anchor -> anchor.getSubjectX500Principal().getName()).orElse(null),
                counters, profile.serverKeygen().enabled(), profile.approval().manual());
    }

    /** Opens the reload dialog for the profile named {@code name}. */
    public void prepareReload(String name) {
        reloadProfile = name;
        reloadError = null;
        reloadDone = null;
    }

    /** Re-reads the trust bundle file of the dialog's profile; a refused file leaves the anchors as they were. */
    public void reload() {
        try {
            int anchors = trustAdministration.reload(reloadProfile, actor.name(), actor.address()).anchors().size();
            reloadDone = "Reloaded: " + anchors + (anchors == 1 ? " trust anchor" : " trust anchors") + " in force.";
            reloadError = null;
        } catch (ReloadRefused refused) {
            reloadError = refused.getMessage();
            reloadDone = null;
        }
        refresh();
    }

    public List<Card> getCards() {
        return cards;
    }

    public String getReloadProfile() {
        return reloadProfile;
    }

    public String getReloadError() {
        return reloadError;
    }

    public String getReloadDone() {
        return reloadDone;
    }
}
