package org.estuary.profile.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.estuary.admin.entity.AdminRequestRefused.Why;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.profile.control.CertificateProfiles;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.CertificatePolicy;
import org.estuary.profile.entity.CertificateProfile;
import org.estuary.profile.entity.CertificateProfileRefused;
import org.estuary.profile.entity.EstProfile;

/**
 * The administrator's side of certificate profiles: list, read, create, replace, delete, each change
 * audited. A profile an EST profile names cannot be deleted: requests would have no rules.
 */
@Stateless
public class CertificateProfileAdministration {

    /** How audit rows of admin changes fill their profile column. */
    static final String ADMIN = "admin";

    @Inject
    CertificateProfiles certificateProfiles;

    @Inject
    EstProfiles estProfiles;

    @Inject
    AuditTrail auditTrail;

    private final Clock clock = Clock.systemUTC();

    public List<CertificateProfile> all() {
        return certificateProfiles.all();
    }

    public Optional<CertificateProfile> find(String id) {
        return certificateProfiles.find(id);
    }

    public CertificateProfile create(JsonObject document, String actor, String sourceAddress) throws CertificateProfileRefused {
        CertificatePolicy policy = parse(document);
        if (certificateProfiles.find(policy.id()).isPresent()) {
            throw new CertificateProfileRefused(Why.CONFLICT, "certificate profile " + policy.id() + " exists");
        }
        CertificateProfile created = new CertificateProfile(policy, LocalDateTime.now(clock));
        certificateProfiles.add(created);
        audit("created", policy.id(), actor, sourceAddress);
        return created;
    }

    /** Replaces the rules of {@code id}; the document's id, when it has one, must be {@code id}. */
    public CertificateProfile replace(String id, JsonObject document, String actor, String sourceAddress)
            throws CertificateProfileRefused {
        CertificateProfile stored = certificateProfiles.find(id)
                .orElseThrow(() -> new CertificateProfileRefused(Why.UNKNOWN, "no certificate profile " + id));
        JsonObject withId = document.containsKey("id") ? document
                : jakarta.json.Json.createObjectBuilder(document).add("id", id).build();
        CertificatePolicy policy = parse(withId);
        if (!policy.id().equals(id)) {
            throw new CertificateProfileRefused(Why.INVALID, "id: " + policy.id() + " does not match the path's " + id);
        }
        stored.update(policy, LocalDateTime.now(clock));
        audit("replaced", id, actor, sourceAddress);
        return stored;
    }

    public void delete(String id, String actor, String sourceAddress) throws CertificateProfileRefused {
        CertificateProfile stored = certificateProfiles.find(id)
                .orElseThrow(() -> new CertificateProfileRefused(Why.UNKNOWN, "no certificate profile " + id));
        Optional<String> user = estProfiles.all().stream()
                .filter(profile -> profile.certificateProfileId().filter(id::equals).isPresent())
                .map(EstProfile::name)
                .findFirst();
        if (user.isPresent()) {
            throw new CertificateProfileRefused(Why.CONFLICT, "certificate profile " + id + " is used by EST profile " + user.get());
        }
        certificateProfiles.remove(stored);
        audit("deleted", id, actor, sourceAddress);
    }

    private static CertificatePolicy parse(JsonObject document) throws CertificateProfileRefused {
        try {
            return CertificatePolicy.fromJson(document);
        } catch (IllegalArgumentException invalid) {
            throw new CertificateProfileRefused(Why.INVALID, invalid.getMessage());
        }
    }

    private void audit(String change, String id, String actor, String sourceAddress) {
        auditTrail.record(new AuditEvent(AuditAction.CERTIFICATE_PROFILE_CHANGED, ADMIN, sourceAddress, actor,
                change + " certificate profile " + id, null, clock));
    }
}
