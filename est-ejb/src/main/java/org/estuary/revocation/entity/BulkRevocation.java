package org.estuary.revocation.entity;

import static java.util.Objects.requireNonNull;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A bulk revocation: the reason, and the criteria (ANDed) an EST certificate must meet to be revoked. */
public record BulkRevocation(RevocationReason reason, Criteria criteria) {

    public BulkRevocation {
        requireNonNull(reason, "reason");
        requireNonNull(criteria, "criteria");
    }

    /**
     * What the certificates to revoke have in common; an absent criterion does not narrow.
     *
     * @param certificateProfileId the certificate profile (policy) they were issued under
     * @param label the EST profile they were issued under, as recorded
     * @param serials their serials as the record spells them (lower-case hexadecimal)
     * @param commonName their subject's common name, exactly
     * @param issuedBefore issued strictly before this time
     */
    public record Criteria(Optional<String> certificateProfileId, Optional<String> label, Optional<Set<String>> serials,
            Optional<String> commonName, Optional<Instant> issuedBefore) {

        public Criteria {
            requireNonNull(certificateProfileId, "certificateProfileId");
            requireNonNull(label, "label");
            serials = serials.map(Set::copyOf);
            requireNonNull(commonName, "commonName");
            requireNonNull(issuedBefore, "issuedBefore");
        }

        public boolean isEmpty() {
            return certificateProfileId.isEmpty() && label.isEmpty() && serials.isEmpty() && commonName.isEmpty()
                    && issuedBefore.isEmpty();
        }
    }

    /** The request as the audit row records it: JSON, with the source it was pinned to. */
    public String describe() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("reason", reason.rfcName()).add("source", "EST");
        criteria.certificateProfileId().ifPresent(id -> json.add("profile_id", id));
        criteria.label().ifPresent(label -> json.add("label", label));
        criteria.serials().ifPresent(serials -> {
            JsonArrayBuilder array = Json.createArrayBuilder();
            serials.stream().sorted().forEach(array::add);
            json.add("serials", array);
        });
        criteria.commonName().ifPresent(cn -> json.add("subject_cn", cn));
        criteria.issuedBefore().ifPresent(time -> json.add("issued_before", time.toString()));
        return json.build().toString();
    }
}
