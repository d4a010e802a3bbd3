package org.estuary.revocation.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.estuary.admin.console.ConsoleActor;
import org.estuary.revocation.boundary.Revocations;
import org.estuary.revocation.entity.BulkRevocation;
import org.estuary.revocation.entity.RevocationReason;

/**
 * The console's bulk revocation: the criteria of the admin API's bulk-revoke (EST profile,
 * certificate profile, subject CN, issued before), a count of what they match now, shown for
 * confirmation first, then the revocation through the same boundary.
 */
@Named
@ViewScoped
public class BulkRevocationView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Revocations revocations;

    @Inject
    ConsoleActor actor;

    private String label;
    private String certificateProfileId;
    private String commonName;
    private String issuedBefore;
    private RevocationReason reason = RevocationReason.UNSPECIFIED;
    /** Whether the criteria as they stand were counted: the confirmation shows {@link #getMatching()}. */
    private boolean counted;
    private long matching;

    /**
     * Counts what the criteria match; the confirmation dialog shows the number before anything is
     * revoked. The dialog's form submits none of the criteria, so what it confirms is what was counted.
     */
    public void count() {
        Optional<BulkRevocation.Criteria> criteria = criteria();
        counted = criteria.isPresent();
        matching = criteria.map(revocations::countMatching).orElse(0L);
    }

    /** Revokes what the counted criteria match now (the count may have grown since; the message says how many). */
    public void revoke() {
        Optional<BulkRevocation.Criteria> criteria = counted ? criteria() : Optional.empty();
        criteria.ifPresent(selected -> {
            Revocations.BulkOutcome outcome = revocations.revoke(new BulkRevocation(reason, selected), actor.name(), actor.address());
            actor.tell(null, FacesMessage.SEVERITY_INFO, "Bulk revocation: " + outcome.matched() + " matched, " + outcome.revoked()
                    + " revoked now (" + reason.rfcName() + ").");
        });
        counted = false;
    }

    private Optional<BulkRevocation.Criteria> criteria() {
        Optional<Instant> before;
        try {
            before = blank(issuedBefore).map(Instant::parse);
        } catch (DateTimeParseException invalid) {
            actor.tell("bulk-form:issued-before", FacesMessage.SEVERITY_ERROR, "an ISO-8601 instant, e.g. 2026-11-27T00:00:00Z");
            return Optional.empty();
        }
        BulkRevocation.Criteria criteria = new BulkRevocation.Criteria(blank(certificateProfileId), blank(label), Optional.empty(),
                blank(commonName), before);
        if (criteria.isEmpty()) {
            actor.tell(null, FacesMessage.SEVERITY_ERROR, "Give at least one criterion: a bulk revocation never"
                    + " takes everything.");
            return Optional.empty();
        }
        return Optional.of(criteria);
    }

    private static Optional<String> blank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    public boolean isCounted() {
        return counted;
    }

    public long getMatching() {
        return matching;
    }

    public List<RevocationReason> getReasons() {
        return Arrays.asList(RevocationReason.values());
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    public String getCertificateProfileId() {
        return certificateProfileId;
    }

    public void setCertificateProfileId(String certificateProfileId) {
        this.certificateProfileId = certificateProfileId;
    }

    public String getCommonName() {
        return commonName;
    }

    public void setCommonName(String commonName) {
        this.commonName = commonName;
    }

    public String getIssuedBefore() {
        return issuedBefore;
    }

    public void setIssuedBefore(String issuedBefore) {
        this.issuedBefore = issuedBefore;
    }

    public RevocationReason getReason() {
        return reason;
    }

    public void setReason(RevocationReason reason) {
        this.reason = reason;
    }
}
