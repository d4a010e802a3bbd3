package org.estuary.profile.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.auth.control.TrustBundles;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.AuthMode;
import org.estuary.profile.entity.EstProfile;

/**
 * Each EST profile with its bindings, routes, trust anchors and outcome counters, as JSON: what
 * {@code GET /api/v1/admin/est/profiles} answers and the MCP tools {@code est_list_profiles} and
 * {@code est_admin_stats} return.
 */
@ApplicationScoped
public class ProfileSummaries {

    @Inject
    EstProfiles estProfiles;

    @Inject
    TrustBundles trustBundles;

    @Inject
    AuditTrail auditTrail;

    public JsonObject all() {
        JsonArrayBuilder items = Json.createArrayBuilder();
        Map<String, Map<String, Long>> counts = auditTrail.countsByProfile();
        estProfiles.all().forEach(profile -> items.add(json(profile, counts.getOrDefault(profile.name(), Map.of()))));
        return Json.createObjectBuilder().add("profiles", items).build();
    }

    private JsonObjectBuilder json(EstProfile profile, Map<String, Long> counts) {

        JsonArrayBuilder modes = Json.createArrayBuilder();
        profile.authentication().modes().stream().map(AuthMode::toString).sorted().forEach(modes::add);
        JsonArrayBuilder anchors = Json.createArrayBuilder();
        trustBundles.of(profile).ifPresent(bundle -> bundle.anchors().forEach(anchor -> anchors.add(Json.createObjectBuilder()
                .add("subject", anchor.getSubjectX500Principal().getName())
                .add("not_after", anchor.getNotAfter().toInstant().toString()))));
        JsonObjectBuilder counters = Json.createObjectBuilder();
        counts.forEach(counters::add);
        return Json.createObjectBuilder()
                .add("name", profile.name())
                .add("label", profile.label())
                .add("issuer_id", profile.issuerId())
                .add("certificate_profile_id", profile.certificateProfileId().orElse(""))
                .add("auth_modes", modes)
                .add("routes", Json.createArrayBuilder(profile.routes()))
                .add("serverkeygen", profile.serverKeygen().enabled())
                .add("manual_approval", profile.approval().manual())
                .add("rate_limit_per_principal_24h", profile.authentication().rateLimitPerPrincipal24h())
                .add("trust_anchors", anchors)
                .add("counters", counters);
    }
}
