package org.estuary.profile.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.Serializable;
import java.io.StringReader;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.estuary.admin.console.ConsoleActor;
import org.estuary.admin.entity.AdminRequestRefused;
import org.estuary.profile.boundary.CertificateProfileAdministration;
import org.estuary.profile.entity.CertificatePolicy;
import org.estuary.profile.entity.CertificateProfile;

/**
 * The console's certificate profile editor: the list, and a form to create one or edit one. The form
 * becomes the admin API's JSON document and goes through the same boundary, so its rules are the
 * API's; a refusal is shown next to the field it names.
 */
@Named
@ViewScoped
public class CertificateProfilesView implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
    private static final String FORM = "profile-form:";
    private static final long MAX_TTL_DAYS = 36_500;

    /** Which form field shows a refusal of each document field. */
    private static final Map<String, String> FIELD_OF = Map.ofEntries(Map.entry("id", "id"), Map.entry("name", "name"),
            Map.entry("key_algorithms", "key-algorithms"), Map.entry("rsa_min_bits", "rsa-min-bits"),
            Map.entry("ec_curves", "ec-curves"), Map.entry("signature_hash", "signature-hash"),
            Map.entry("allowed_ekus", "allowed-ekus"), Map.entry("san", "san"), Map.entry("subject", "subject"),
            Map.entry("max_ttl_seconds", "max-ttl-days"), Map.entry("must_staple", "must-staple"),
            Map.entry("required_csr_attributes", "required-csr-attributes"));

    /** A profile as the list shows it. */
    public record Row(String id, String name, String keys, String ekus, String maxTtl, String updatedAt) implements Serializable {
    }

    @Inject
    CertificateProfileAdministration administration;

    @Inject
    ConsoleActor actor;

    private List<Row> rows = List.of();
    /** The id being edited; {@code null} while creating, and no form shown while {@link #editing} is false. */
    private String editedId;
    private boolean editing;
    private String id;
    private String name;
    private List<String> keyAlgorithms;
    private Integer rsaMinBits;
    private List<String> ecCurves;
    private String signatureHash;
    private String allowedEkus;
    private Long maxTtlDays;
    private boolean mustStaple;
    private String requiredCsrAttributes;
    private String san;
    private String subject;

    @PostConstruct
    public void refresh() {
        rows = administration.all().stream().map(CertificateProfilesView::row).toList();
    }

    private static Row row(CertificateProfile profile) {
        CertificatePolicy policy = profile.policy();
        return new Row(policy.id(), policy.name() == null ? "" : policy.name(),
                String.join(", ", policy.keyAlgorithms().stream().map(family -> family.label()).toList()),
                String.join(", ", policy.allowedEkus().stream().map(CertificatePolicy::ekuName).toList()),
                policy.maxTtl() == null ? "" : policy.maxTtl().toDays() + " days", TIME.format(profile.getUpdatedAt()));
    }

    public void create() {
        fill(CertificatePolicy.baseline(), null);
    }

    public void edit(String profileId) {
        administration.find(profileId).ifPresentOrElse(profile -> fill(profile.policy(), profileId),
                () -> actor.tell(null, FacesMessage.SEVERITY_ERROR, "No certificate profile " + profileId + " any more."));
    }

    private void fill(CertificatePolicy policy, String profileId) {
        editing = true;
        editedId = profileId;
        id = profileId;
        name = policy.name();
        keyAlgorithms = policy.keyAlgorithms().stream().map(family -> family.label()).toList();
        rsaMinBits = policy.rsaMinBits();
        ecCurves = policy.ecCurves();
        signatureHash = policy.signatureHash();
        allowedEkus = String.join(", ", policy.allowedEkus().stream().map(CertificatePolicy::ekuName).toList());
        maxTtlDays = policy.maxTtl() == null ? null : policy.maxTtl().toDays();
        mustStaple = policy.mustStaple();
        requiredCsrAttributes = String.join(", ", policy.requiredCsrAttributes().stream().map(CertificatePolicy::csrAttributeName).toList());
        JsonObject document = policy.toJson();
        san = document.containsKey("san") ? document.getJsonObject("san").toString() : "";
        subject = document.containsKey("subject") ? document.getJsonObject("subject").toString() : "";
    }

    public void cancel() {
        editing = false;
    }

    public void save() {
        JsonObject document;
        try {
            document = document();
        } catch (IllegalArgumentException refusedField) {
            return;
        }
        try {
            if (editedId == null) {
                administration.create(document, actor.name(), actor.address());
            } else {
                administration.replace(editedId, document, actor.name(), actor.address());
            }
            actor.tell(null, FacesMessage.SEVERITY_INFO, "Certificate profile " + document.getString("id") + " saved.");
            editing = false;
            refresh();
        } catch (AdminRequestRefused refused) {
            String message = refused.getMessage();
            int colon = message.indexOf(':');
            String field = colon < 0 ? "" : message.substring(0, colon).replaceFirst("[.\\[].*", "");
            actor.tell(FIELD_OF.containsKey(field) ? FORM + FIELD_OF.get(field) : null, FacesMessage.SEVERITY_ERROR,
                    FIELD_OF.containsKey(field) ? message.substring(colon + 1).strip() : message);
        }
    }

    /** The form as the admin API's document. */
    private JsonObject document() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", editedId != null ? editedId : id == null ? "" : id.strip());
        if (name != null && !name.isBlank()) {
            json.add("name", name.strip());
        }
        json.add("key_algorithms", Json.createArrayBuilder(keyAlgorithms == null ? List.of() : keyAlgorithms));
        if (rsaMinBits != null) {
            json.add("rsa_min_bits", rsaMinBits);
        }
        json.add("ec_curves", Json.createArrayBuilder(ecCurves == null ? List.of() : ecCurves));
        if (signatureHash != null && !signatureHash.isEmpty()) {
            json.add("signature_hash", signatureHash);
        }
        json.add("allowed_ekus", Json.createArrayBuilder(list(allowedEkus)));
        if (maxTtlDays != null) {
            if (maxTtlDays < 1 || maxTtlDays > MAX_TTL_DAYS) {
                actor.tell(FORM + "max-ttl-days", FacesMessage.SEVERITY_ERROR, "1 to " + MAX_TTL_DAYS + " days");
                throw new IllegalArgumentException("max-ttl-days");
            }
            json.add("max_ttl_seconds", Duration.ofDays(maxTtlDays).toSeconds());
        }
        json.add("must_staple", mustStaple);
        json.add("required_csr_attributes", Json.createArrayBuilder(list(requiredCsrAttributes)));
        addObject(json, "san", san, "san");
        addObject(json, "subject", subject, "subject");
        return json.build();
    }

    private void addObject(JsonObjectBuilder json, String field, String text, String formField) {
        if (text == null || text.isBlank()) {
            return;
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            json.add(field, reader.readObject());
        } catch (JsonException | IllegalStateException notAnObject) {
            actor.tell(FORM + formField, FacesMessage.SEVERITY_ERROR, "a JSON object, e.g. {}");
            throw new IllegalArgumentException(field);
        }
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    public List<String> getKeyAlgorithmChoices() {
        return List.of("RSA", "EC", "Ed25519", "Ed448");
    }

    public List<String> getEcCurveChoices() {
        return List.of("P-256", "P-384", "P-521");
    }

    public List<String> getSignatureHashChoices() {
        return List.of("SHA-256", "SHA-384", "SHA-512");
    }

    public List<Row> getRows() {
        return rows;
    }

    public boolean isEditing() {
        return editing;
    }

    public boolean isCreating() {
        return editing && editedId == null;
    }

    public String getEditedId() {
        return editedId;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getKeyAlgorithms() {
        return keyAlgorithms;
    }

    public void setKeyAlgorithms(List<String> keyAlgorithms) {
        this.keyAlgorithms = keyAlgorithms;
    }

    public Integer getRsaMinBits() {
        return rsaMinBits;
    }

    public void setRsaMinBits(Integer rsaMinBits) {
        this.rsaMinBits = rsaMinBits;
    }

    public List<String> getEcCurves() {
        return ecCurves;
    }

    public void setEcCurves(List<String> ecCurves) {
        this.ecCurves = ecCurves;
    }

    public String getSignatureHash() {
        return signatureHash;
    }

    public void setSignatureHash(String signatureHash) {
        this.signatureHash = signatureHash;
    }

    public String getAllowedEkus() {
        return allowedEkus;
    }

    public void setAllowedEkus(String allowedEkus) {
        this.allowedEkus = allowedEkus;
    }

    public Long getMaxTtlDays() {
        return maxTtlDays;
    }

    public void setMaxTtlDays(Long maxTtlDays) {
        this.maxTtlDays = maxTtlDays;
    }

    public boolean isMustStaple() {
        return mustStaple;
    }

    public void setMustStaple(boolean mustStaple) {
        this.mustStaple = mustStaple;
    }

    public String getRequiredCsrAttributes() {
        return requiredCsrAttributes;
    }

    public void setRequiredCsrAttributes(String requiredCsrAttributes) {
        this.requiredCsrAttributes = requiredCsrAttributes;
    }

    public String getSan() {
        return san;
    }

    public void setSan(String san) {
        this.san = san;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }
}
