package org.estuary.profile.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import org.estuary.profile.entity.CertificatePolicy;
import org.estuary.profile.entity.CertificateProfile;
import org.estuary.profile.entity.EstProfile;

/** The stored certificate profiles. Joins the caller's transaction. */
@ApplicationScoped
public class CertificateProfiles {

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    public Optional<CertificateProfile> find(String id) {
        return Optional.ofNullable(em.find(CertificateProfile.class, id));
    }

    /** All of them, by id. */
    public List<CertificateProfile> all() {
        return em.createQuery("SELECT c FROM CertificateProfile c ORDER BY c.id", CertificateProfile.class).getResultList();
    }

    public void add(CertificateProfile profile) {
        em.persist(profile);
    }

    public void remove(CertificateProfile profile) {
        em.remove(profile);
    }

    /**
     * The rules that judge {@code profile}'s requests: its certificate profile's, or the baseline
     * when it names none. A certificate profile that vanished after start fails closed.
     */
    public CertificatePolicy policyOf(EstProfile profile) {
        return profile.certificateProfileId()
                .map(id -> find(id).orElseThrow(() -> new IllegalStateException(
                        "EST profile " + profile.name() + " names certificate profile " + id + ", which no longer exists"))
                        .policy())
                .orElseGet(CertificatePolicy::baseline);
    }
}
