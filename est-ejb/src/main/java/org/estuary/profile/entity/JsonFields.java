package org.estuary.profile.entity;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and writes the fields of one JSON object of a certificate policy. Every refusal is an
 * {@link IllegalArgumentException} whose message starts with the field's path ({@code san.ip_ranges: ...});
 * a field that is JSON null counts as absent.
 */
final class JsonFields {

    private final JsonObject json;
    private final String prefix;

    /** Refuses any field of {@code json} not in {@code known}; {@code prefix} is the object's path with a trailing dot, or empty. */
    JsonFields(JsonObject json, String prefix, Set<String> known) {
        this.json = json;
        this.prefix = prefix;
        for (String field : json.keySet()) {
            if (!known.contains(field)) {
                throw invalid(field, "unknown field");
            }
        }
    }

    IllegalArgumentException invalid(String field, String detail) {
        return new IllegalArgumentException(prefix + field + ": " + detail);
    }

    private JsonValue value(String field) {
        JsonValue value = json.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    /** The string, or null when absent. */
    String string(String field) {
        JsonValue value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw invalid(field, "must be a string");
        }
        return string.getString();
    }

    /** The integer, or null when absent. */
    Long integer(String field) {
        JsonValue value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw invalid(field, "must be an integer");
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw invalid(field, "must be an integer");
        }
    }

    boolean bool(String field, boolean absent) {
        JsonValue value = value(field);
        if (value == null) {
            return absent;
        }
        if (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE) {
            throw invalid(field, "must be true or false");
        }
        return value.getValueType() == JsonValue.ValueType.TRUE;
    }

    /** The object, or an empty one when absent. */
    JsonObject object(String field) {
        JsonValue value = value(field);
        if (value == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (!(value instanceof JsonObject object)) {
            throw invalid(field, "must be an object");
        }
        return object;
    }

    /**
     * The strings of an array, each turned into a value by {@code parse} (which refuses with a short
     * detail), or null when absent. Refuses a value listed twice, and an empty array unless {@code mayBeEmpty}.
     */
    <T> List<T> list(String field, boolean mayBeEmpty, Function<String, T> parse) {
        JsonValue value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw invalid(field, "must be an array of strings");
        }
        if (array.isEmpty() && !mayBeEmpty) {
            throw invalid(field, "must not be empty");
        }
        List<T> values = new ArrayList<>();
        Set<T> seen = new HashSet<>();
        for (JsonValue element : array) {
            if (!(element instanceof JsonString string)) {
                throw invalid(field, "must be an array of strings");
            }
            T parsed;
            try {
                parsed = parse.apply(string.getString());
            } catch (IllegalArgumentException refused) {
                throw invalid(field, refused.getMessage());
            }
            if (!seen.add(parsed)) {
                throw invalid(field, "'" + string.getString() + "' listed twice");
            }
            values.add(parsed);
        }
        return values;
    }

    /** A parser for {@link #list} that knows only the names of {@code known}. */
    static <T> Function<String, T> oneOf(Map<String, T> known) {
        return name -> {
            T value = known.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown '" + name + "' (" + String.join(", ", known.keySet()) + ")");
            }
            return value;
        };
    }

    static void addUnlessEmpty(JsonObjectBuilder json, String field, Collection<String> values) {
        if (!values.isEmpty()) {
            json.add(field, Json.createArrayBuilder(values));
        }
    }

    static <T> List<T> orNone(List<T> given) {
        return given == null ? List.of() : given;
    }

    static void requireRegex(String field, String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException bad) {
            throw new IllegalArgumentException(field + ": '" + regex + "' is not a regular expression: "
                    + bad.getDescription());
        }
    }
}
