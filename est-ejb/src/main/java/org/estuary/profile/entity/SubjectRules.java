package org.estuary.profile.entity;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * What the subject of a certificate profile must and may hold.
 *
 * @param required the attributes that must be present
 * @param allowed the attributes that may be present, or null for any
 * @param cnPattern a Java regular expression every CN must match in full, or null
 */
public record SubjectRules(Set<SubjectAttribute> required, Set<SubjectAttribute> allowed, String cnPattern) {

    /** The subject attributes a certificate profile can name, by their short names. */
    public enum SubjectAttribute {
        CN("CN", BCStyle.CN), O("O", BCStyle.O), OU("OU", BCStyle.OU), C("C", BCStyle.C), L("L", BCStyle.L),
        ST("ST", BCStyle.ST), SERIAL_NUMBER("serialNumber", BCStyle.SERIALNUMBER), E("E", BCStyle.E),
        DC("DC", BCStyle.DC), UID("UID", BCStyle.UID);

        private final String shortName;
        private final ASN1ObjectIdentifier type;

        SubjectAttribute(String shortName, ASN1ObjectIdentifier type) {
            this.shortName = shortName;
            this.type = type;
        }

        public String shortName() {
            return shortName;
        }

        public ASN1ObjectIdentifier type() {
            return type;
        }

        public static Optional<SubjectAttribute> of(ASN1ObjectIdentifier type) {
            return EnumSet.allOf(SubjectAttribute.class).stream().filter(known -> known.type.equals(type)).findFirst();
        }

        /** The short name of {@code type}, or its dotted OID when it has none here. */
        public static String nameOf(ASN1ObjectIdentifier type) {
            return of(type).map(SubjectAttribute::shortName).orElse(type.getId());
        }
    }

    private static final Map<String, SubjectAttribute> NAMES = new LinkedHashMap<>();

    static {
        for (SubjectAttribute attribute : SubjectAttribute.values()) {
            NAMES.put(attribute.shortName(), attribute);
        }
        NAMES.put("emailAddress", SubjectAttribute.E);
    }

    private static final String REQUIRED = "required";
    private static final String ALLOWED = "allowed";
    private static final String CN_PATTERN = "cn_pattern";

    /** Any subject. */
    public static final SubjectRules ANY = new SubjectRules(Set.of(), null, null);

    public SubjectRules {
        required = Set.copyOf(required);
        allowed = allowed == null ? null : Set.copyOf(allowed);
        if (allowed != null) {
            for (SubjectAttribute attribute : required) {
                if (!allowed.contains(attribute)) {
                    throw new IllegalArgumentException("subject." + REQUIRED + ": " + attribute.shortName()
                            + " is not in subject." + ALLOWED);
                }
            }
        }
        if (cnPattern != null) {
            JsonFields.requireRegex("subject." + CN_PATTERN, cnPattern);
            if (allowed != null && !allowed.contains(SubjectAttribute.CN)) {
                throw new IllegalArgumentException("subject." + CN_PATTERN + ": CN is not in subject." + ALLOWED);
            }
        }
    }

    /** True when {@code attribute} may be present. */
    public boolean allows(SubjectAttribute attribute) {
        return allowed == null || allowed.contains(attribute);
    }

    static SubjectRules fromJson(JsonObject json) {
        JsonFields fields = new JsonFields(json, "subject.", Set.of(REQUIRED, ALLOWED, CN_PATTERN));
        List<SubjectAttribute> required = fields.list(REQUIRED, true, JsonFields.oneOf(NAMES));
        List<SubjectAttribute> allowed = fields.list(ALLOWED, true, JsonFields.oneOf(NAMES));
        return new SubjectRules(Set.copyOf(JsonFields.orNone(required)), allowed == null ? null : Set.copyOf(allowed),
                fields.string(CN_PATTERN));
    }

    /** Only what differs from {@link #ANY}; empty when nothing does. */
    JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder();
        JsonFields.addUnlessEmpty(json, REQUIRED, shortNames(required));
        if (allowed != null) {
            json.add(ALLOWED, Json.createArrayBuilder(shortNames(allowed)));
        }
        if (cnPattern != null) {
            json.add(CN_PATTERN, cnPattern);
        }
        return json.build();
    }

    private static List<String> shortNames(Collection<SubjectAttribute> attributes) {
        return Arrays.stream(SubjectAttribute.values()).filter(attributes::contains).map(SubjectAttribute::shortName)
                .toList();
    }
}
