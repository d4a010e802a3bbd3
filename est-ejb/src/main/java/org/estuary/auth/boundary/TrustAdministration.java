package org.estuary.auth.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.auth.control.TrustBundles;
import org.estuary.auth.entity.TrustBundle;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.EstProfile;

/**
 * The administrator's reload of a profile's mTLS trust bundle after its file was rotated. A file
 * that is refused leaves the bundle in force and says why; a reload that takes is audited as
 * {@code est_trust_anchor_reloaded}.
 */
@Stateless
public class TrustAdministration {

    @Inject
    EstProfiles estProfiles;

    @Inject
    TrustBundles trustBundles;

    @Inject
    AuditTrail auditTrail;

    private final Clock clock = Clock.systemUTC();

    /** A refused reload: the reason, for the caller; nothing changed. */
    public static final class ReloadRefused extends Exception {

        private static final long serialVersionUID = 1L;

        public ReloadRefused(String reason) {
            super(reason);
        }
    }

    /**
     * Re-reads the bundle file of the profile named {@code name} ({@value EstProfile#ROOT_NAME} for the root).
     *
     * @throws ReloadRefused when there is no such profile with a trust bundle, or its file is refused
     */
    public TrustBundle reload(String name, String actor, String sourceAddress) throws ReloadRefused {
        EstProfile profile = estProfiles.all().stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .filter(candidate -> candidate.authentication().mtlsTrustBundle().isPresent())
                .orElseThrow(() -> new ReloadRefused("no EST profile " + name + " with an mTLS trust bundle"));
        try {
            TrustBundle reloaded = trustBundles.load(profile);
            auditTrail.record(new AuditEvent(AuditAction.TRUST_ANCHOR_RELOADED, profile.name(), sourceAddress, actor,
                    reloaded.anchors().size() + " anchors from " + reloaded.source(), null, clock));
            return reloaded;
        } catch (IllegalArgumentException refused) {
            throw new ReloadRefused(refused.getMessage() + "; the previous trust bundle stays in force");
        }
    }
}
