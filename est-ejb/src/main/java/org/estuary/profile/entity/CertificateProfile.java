package org.estuary.profile.entity;

import static java.util.Objects.requireNonNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.io.StringReader;
import java.time.LocalDateTime;

/**
 * A certificate profile as stored: its id and its rules as the JSON document the admin API accepts
 * (one column, so the rules can grow without a schema change). The rules are parsed once per
 * loaded instance.
 */
@Entity
@Table(name = "certificate_profile")
public class CertificateProfile {

    /** Enough for every rule a profile can hold, with room; larger documents are refused. */
    public static final int MAX_DOCUMENT_CHARS = 16000;

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @Column(name = "policy", nullable = false, length = MAX_DOCUMENT_CHARS)
    private String document;

    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    @Transient
    private CertificatePolicy policy;

    protected CertificateProfile() {
        // for JPA
    }

    public CertificateProfile(CertificatePolicy policy, LocalDateTime updatedAt) {
        this.id = policy.id();
        update(policy, updatedAt);
    }

    /** Replaces the rules; the id stays. */
    public void update(CertificatePolicy replacement, LocalDateTime when) {
        requireNonNull(replacement, "replacement");
        if (!replacement.id().equals(id)) {
            throw new IllegalArgumentException("a certificate profile keeps its id");
        }
        String json = replacement.toJson().toString();
        if (json.length() > MAX_DOCUMENT_CHARS) {
            throw new IllegalArgumentException("certificate profile exceeds " + MAX_DOCUMENT_CHARS + " characters");
        }
        this.document = json;
        this.policy = replacement;
        this.updatedAt = requireNonNull(when, "when");
    }

    public String getId() {
        return id;
    }

    public LocalDateTime getUpdatedAt() {
        return updatedAt;
    }

    /** The rules; a stored document that no longer parses is a server fault, not a client's. */
    public CertificatePolicy policy() {
        if (policy == null) {
            try (JsonReader reader = Json.createReader(new StringReader(document))) {
                policy = CertificatePolicy.fromJson(reader.readObject());
            }
        }
        return policy;
    }

    public JsonObject toJson() {
        return policy().toJson();
    }
}
