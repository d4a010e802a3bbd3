package org.estuary.revocation.entity;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.estuary.admin.entity.AdminRequestRefused.Why;

/**
 * Reads the JSON bodies of the admin API's revocation calls. A body that is not what it should be
 * is refused with the reason; nothing is guessed, and a field this server does not know is refused
 * rather than ignored, since an ignored criterion would revoke more than was asked.
 */
public final class RevocationRequests {

    /** The most serials one bulk revocation names. */
    static final int MAX_SERIALS = 10_000;

    private static final Set<String> BULK_FIELDS = Set.of("reason", "profile_id", "label", "serials", "subject_cn",
            "issued_before", "source");

    private RevocationRequests() {
    }

    /**
     * The reason of {@code POST .../{serial}/revoke}: {@code {"reason": "keyCompromise"}}; an empty body or
     * one without a reason means unspecified.
     */
    public static RevocationReason reasonOf(String body) throws RevocationRefused {
        if (body == null || body.isBlank()) {
            return RevocationReason.UNSPECIFIED;
        }
        JsonObject request = objectOf(body);
        requireOnly(request, Set.of("reason"));
        return request.containsKey("reason") && request.get("reason") != JsonValue.NULL
                ? reason(request) : RevocationReason.UNSPECIFIED;
    }

    /**
     * A bulk revocation: {@code reason} required, and at least one criterion. {@code source} may be
     * sent but is not a criterion: a bulk revocation only ever touches EST certificates.
     */
    public static BulkRevocation bulkOf(String body) throws RevocationRefused {
        JsonObject request = objectOf(body == null ? "" : body);
        requireOnly(request, BULK_FIELDS);
        if (!request.containsKey("reason")) {
            throw invalid("reason is required; allowed: " + RevocationReason.allowedNames());
        }
        RevocationReason reason = reason(request);
        BulkRevocation.Criteria criteria = new BulkRevocation.Criteria(text(request, "profile_id"), text(request, "label"),
                serials(request), text(request, "subject_cn"), instant(request, "issued_before"));
        if (criteria.isEmpty()) {
            throw invalid("at least one criterion is required: profile_id, label, serials, subject_cn or issued_before");
        }
        return new BulkRevocation(reason, criteria);
    }

    private static JsonObject objectOf(String body) throws RevocationRefused {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalid("request body is not a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException | IllegalStateException malformed) {
            throw invalid("request body is not a JSON object");
        }
    }

    private static void requireOnly(JsonObject request, Set<String> known) throws RevocationRefused {
        for (String field : request.keySet()) {
            if (!known.contains(field)) {
                throw invalid("unknown field " + (field.length() <= 64 ? field : field.substring(0, 64) + "…")
                        + "; allowed: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static RevocationReason reason(JsonObject request) throws RevocationRefused {
        if (!(request.get("reason") instanceof JsonString name)) {
            throw invalid("reason must be a string; allowed: " + RevocationReason.allowedNames());
        }
        try {
            return RevocationReason.ofName(name.getString());
        } catch (IllegalArgumentException unknown) {
            throw invalid(unknown.getMessage());
        }
    }

    private static Optional<String> text(JsonObject request, String field) throws RevocationRefused {
        if (!request.containsKey(field)) {
            return Optional.empty();
        }
        if (!(request.get(field) instanceof JsonString value) || value.getString().isBlank()) {
            throw invalid(field + " must be a non-empty string");
        }
        return Optional.of(value.getString());
    }

    private static Optional<Set<String>> serials(JsonObject request) throws RevocationRefused {
        if (!request.containsKey("serials")) {
            return Optional.empty();
        }
        if (request.get("serials").getValueType() != JsonValue.ValueType.ARRAY || request.getJsonArray("serials").isEmpty()
                || request.getJsonArray("serials").size() > MAX_SERIALS) {
            throw invalid("serials must be an array of 1 to " + MAX_SERIALS + " hexadecimal serial numbers");
        }
        Set<String> serials = new LinkedHashSet<>();
        for (JsonValue serial : request.getJsonArray("serials")) {
            if (!(serial instanceof JsonString hex)) {
                throw invalid("serials must be hexadecimal strings");
            }
            serials.add(normalSerial(hex.getString()).orElseThrow(() -> invalid("serials must be hexadecimal strings")));
        }
        return Optional.of(serials);
    }

    /** A serial as the record spells it (lower-case hexadecimal, no leading zeros) from any case, with or without colons. */
    public static Optional<String> normalSerial(String serial) {
        String hex = serial.replace(":", "");
        if (hex.isEmpty() || hex.length() > 128 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(hex, 16).toString(16));
    }

    private static Optional<Instant> instant(JsonObject request, String field) throws RevocationRefused {
        Optional<String> text = text(request, field);
        try {
            return text.map(value -> OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException malformed) {
            throw invalid(field + " must be an ISO-8601 time with offset, e.g. 2026-11-27T00:00:00Z");
        }
    }

    private static RevocationRefused invalid(String reason) {
        return new RevocationRefused(Why.INVALID, reason);
    }
}
