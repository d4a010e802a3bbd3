package org.estuary.profile.entity;

import static java.util.Objects.requireNonNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.estuary.ca.entity.KeyDescription.Family;
import org.estuary.profile.entity.SubjectRules.SubjectAttribute;

/**
 * The rules of one certificate profile: which keys and signature hash a CSR may use, which
 * extended key usages, subject alternative names, subject attributes and PKCS#10 attributes it
 * may or must have, how long its certificate may live and whether it demands OCSP stapling.
 * Read from and written as the JSON of the admin API and seed files; {@link #baseline()} holds
 * where a profile has no certificate profile. Deciding a CSR against it is
 * {@link org.estuary.profile.control.CsrPolicy}'s.
 *
 * <p>Every refusal is an {@link IllegalArgumentException} whose message starts with the JSON field
 * it is about, e.g. {@code rsa_min_bits: must be at least 2048}.
 *
 * @param id {@code [a-z0-9][a-z0-9-]*}
 * @param name display name, or null
 * @param keyAlgorithms the key families allowed, in the order /csrattrs offers them
 * @param rsaMinBits the smallest RSA modulus, at least the baseline's 2048
 * @param ecCurves the curves allowed, in the order /csrattrs offers them
 * @param signatureHash SHA-256, SHA-384 or SHA-512: the hash the CSR's signature must use
 *     (Ed25519 and Ed448 signatures exempt), or null for any
 * @param allowedEkus the extended key usages a certificate may have; all of them are issued when
 *     the CSR requests none
 * @param maxTtl the cap on validity, or null
 * @param requiredCsrAttributes the PKCS#10 attributes a CSR must carry, in the order /csrattrs asks
 *     for them; {@link #DEVICE_SERIAL_NUMBER} may come as the subject's serialNumber instead
 */
public record CertificatePolicy(String id, String name, List<Family> keyAlgorithms, int rsaMinBits,
        List<String> ecCurves, String signatureHash, List<ASN1ObjectIdentifier> allowedEkus, SanRules san,
        SubjectRules subject, Duration maxTtl, boolean mustStaple, List<ASN1ObjectIdentifier> requiredCsrAttributes) {

    public static final int MIN_RSA_BITS = 2048;
    public static final int MAX_RSA_BITS = 16384;

    /** deviceSerialNumber: X.520 serialNumber (2.5.4.5), as RFC 8951 §4 and RFC 7030 §4.5.2 ask for it. */
    public static final ASN1ObjectIdentifier DEVICE_SERIAL_NUMBER = BCStyle.SERIALNUMBER;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final List<Family> ALL_KEY_ALGORITHMS = List.of(Family.RSA, Family.EC, Family.ED25519, Family.ED448);
    private static final List<String> ALL_CURVES = List.of("P-256", "P-384", "P-521");
    private static final List<String> HASHES = List.of("SHA-256", "SHA-384", "SHA-512");
    private static final List<ASN1ObjectIdentifier> DEFAULT_EKUS = List.of(KeyPurposeId.id_kp_clientAuth.toOID());

    private static final Map<String, Family> KEY_ALGORITHMS = linked(Map.entry("RSA", Family.RSA),
            Map.entry("EC", Family.EC), Map.entry("Ed25519", Family.ED25519), Map.entry("Ed448", Family.ED448));
    private static final Map<String, String> CURVES = linked(Map.entry("P-256", "P-256"), Map.entry("P-384", "P-384"),
            Map.entry("P-521", "P-521"));
    private static final Map<String, ASN1ObjectIdentifier> EKUS = linked(
            Map.entry("serverAuth", KeyPurposeId.id_kp_serverAuth.toOID()),
            Map.entry("clientAuth", KeyPurposeId.id_kp_clientAuth.toOID()),
            Map.entry("codeSigning", KeyPurposeId.id_kp_codeSigning.toOID()),
            Map.entry("emailProtection", KeyPurposeId.id_kp_emailProtection.toOID()),
            Map.entry("timeStamping", KeyPurposeId.id_kp_timeStamping.toOID()),
            Map.entry("OCSPSigning", KeyPurposeId.id_kp_OCSPSigning.toOID()));
    private static final Map<String, ASN1ObjectIdentifier> CSR_ATTRIBUTES = linked(
            Map.entry("deviceSerialNumber", DEVICE_SERIAL_NUMBER),
            Map.entry("challengePassword", PKCSObjectIdentifiers.pkcs_9_at_challengePassword));

    private static final String ID_FIELD = "id";
    private static final String NAME = "name";
    private static final String KEY_ALGORITHMS_FIELD = "key_algorithms";
    private static final String RSA_MIN_BITS = "rsa_min_bits";
    private static final String EC_CURVES = "ec_curves";
    private static final String SIGNATURE_HASH = "signature_hash";
    private static final String ALLOWED_EKUS = "allowed_ekus";
    private static final String SAN = "san";
    private static final String SUBJECT = "subject";
    private static final String MAX_TTL_SECONDS = "max_ttl_seconds";
    private static final String MUST_STAPLE = "must_staple";
    private static final String REQUIRED_CSR_ATTRIBUTES = "required_csr_attributes";

    private static final CertificatePolicy BASELINE = new CertificatePolicy("baseline", null, ALL_KEY_ALGORITHMS,
            MIN_RSA_BITS, ALL_CURVES, null, DEFAULT_EKUS, SanRules.ANY, SubjectRules.ANY, null, false, List.of());

    public CertificatePolicy {
        requireNonNull(id, ID_FIELD);
        if (!ID.matcher(id).matches()) {
            throw invalid(ID_FIELD, "must match " + ID.pattern());
        }
        if (name != null && name.isBlank()) {
            throw invalid(NAME, "must not be blank");
        }
        keyAlgorithms = nonEmptyDistinct(KEY_ALGORITHMS_FIELD, keyAlgorithms);
        if (!ALL_KEY_ALGORITHMS.containsAll(keyAlgorithms)) {
            throw invalid(KEY_ALGORITHMS_FIELD, "only RSA, EC, Ed25519 and Ed448 can be allowed");
        }
        if (rsaMinBits < MIN_RSA_BITS) {
            throw invalid(RSA_MIN_BITS, "must be at least " + MIN_RSA_BITS);
        }
        if (rsaMinBits > MAX_RSA_BITS) {
            throw invalid(RSA_MIN_BITS, "must be at most " + MAX_RSA_BITS);
        }
        if (rsaMinBits != MIN_RSA_BITS && !keyAlgorithms.contains(Family.RSA)) {
            throw invalid(RSA_MIN_BITS, "RSA is not in " + KEY_ALGORITHMS_FIELD);
        }
        ecCurves = nonEmptyDistinct(EC_CURVES, ecCurves);
        if (!ALL_CURVES.containsAll(ecCurves)) {
            throw invalid(EC_CURVES, "only " + String.join(", ", ALL_CURVES) + " can be allowed");
        }
        if (!Set.copyOf(ecCurves).equals(Set.copyOf(ALL_CURVES)) && !keyAlgorithms.contains(Family.EC)) {
            throw invalid(EC_CURVES, "EC is not in " + KEY_ALGORITHMS_FIELD);
        }
        if (signatureHash != null && !HASHES.contains(signatureHash)) {
            throw invalid(SIGNATURE_HASH, "must be one of " + String.join(", ", HASHES));
        }
        allowedEkus = nonEmptyDistinct(ALLOWED_EKUS, allowedEkus);
        requireNonNull(san, SAN);
        requireNonNull(subject, SUBJECT);
        if (maxTtl != null && (maxTtl.isNegative() || maxTtl.isZero())) {
            throw invalid(MAX_TTL_SECONDS, "must be positive");
        }
        requiredCsrAttributes = distinct(REQUIRED_CSR_ATTRIBUTES, requiredCsrAttributes);
        if (requiredCsrAttributes.contains(DEVICE_SERIAL_NUMBER) && !subject.allows(SubjectAttribute.SERIAL_NUMBER)) {
            // The serialNumber of a PKCS#10 attribute is copied into the subject, which must then allow it.
            throw invalid(REQUIRED_CSR_ATTRIBUTES, "deviceSerialNumber needs serialNumber in subject.allowed");
        }
    }

    /** What holds when a profile has no certificate profile: any key of the baseline floor, clientAuth, any names. */
    public static CertificatePolicy baseline() {
        return BASELINE;
    }

    /** True when the keys are narrower than the baseline's families and curves. */
    public boolean restrictsKeys() {
        return !Set.copyOf(keyAlgorithms).equals(Set.copyOf(ALL_KEY_ALGORITHMS))
                || keyAlgorithms.contains(Family.EC) && !Set.copyOf(ecCurves).equals(Set.copyOf(ALL_CURVES));
    }

    /** The name of an extended key usage as the JSON writes it (serverAuth, ...), or its dotted OID. */
    public static String ekuName(ASN1ObjectIdentifier eku) {
        return nameOf(EKUS, eku);
    }

    /** The name of a PKCS#10 attribute type as the JSON writes it (deviceSerialNumber, ...), or its dotted OID. */
    public static String csrAttributeName(ASN1ObjectIdentifier type) {
        return nameOf(CSR_ATTRIBUTES, type);
    }

    /** @throws IllegalArgumentException naming the first field that is unknown, of the wrong type or out of bounds */
    public static CertificatePolicy fromJson(JsonObject json) {
        JsonFields fields = new JsonFields(json, "", Set.of(ID_FIELD, NAME, KEY_ALGORITHMS_FIELD, RSA_MIN_BITS,
                EC_CURVES, SIGNATURE_HASH, ALLOWED_EKUS, SAN, SUBJECT, MAX_TTL_SECONDS, MUST_STAPLE,
                REQUIRED_CSR_ATTRIBUTES));
        String id = fields.string(ID_FIELD);
        if (id == null) {
            throw fields.invalid(ID_FIELD, "required");
        }
        List<Family> keyAlgorithms = fields.list(KEY_ALGORITHMS_FIELD, false, JsonFields.oneOf(KEY_ALGORITHMS));
        Long rsaMinBits = fields.integer(RSA_MIN_BITS);
        List<String> ecCurves = fields.list(EC_CURVES, false, JsonFields.oneOf(CURVES));
        List<ASN1ObjectIdentifier> ekus = fields.list(ALLOWED_EKUS, false, nameOrOid(EKUS));
        Long maxTtlSeconds = fields.integer(MAX_TTL_SECONDS);
        List<ASN1ObjectIdentifier> attributes = fields.list(REQUIRED_CSR_ATTRIBUTES, true, nameOrOid(CSR_ATTRIBUTES));
        return new CertificatePolicy(id, fields.string(NAME),
                keyAlgorithms == null ? ALL_KEY_ALGORITHMS : keyAlgorithms,
                rsaMinBits == null ? MIN_RSA_BITS : (int) Math.max(0, Math.min(Integer.MAX_VALUE, rsaMinBits)),
                ecCurves == null ? ALL_CURVES : ecCurves,
                fields.string(SIGNATURE_HASH),
                ekus == null ? DEFAULT_EKUS : ekus,
                SanRules.fromJson(fields.object(SAN)),
                SubjectRules.fromJson(fields.object(SUBJECT)),
                maxTtlSeconds == null ? null : Duration.ofSeconds(maxTtlSeconds),
                fields.bool(MUST_STAPLE, false),
                JsonFields.orNone(attributes));
    }

    /** The JSON {@link #fromJson} reads back to an equal policy; fields at their default are left out. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add(ID_FIELD, id);
        if (name != null) {
            json.add(NAME, name);
        }
        if (!keyAlgorithms.equals(ALL_KEY_ALGORITHMS)) {
            json.add(KEY_ALGORITHMS_FIELD, Json.createArrayBuilder(keyAlgorithms.stream().map(Family::label).toList()));
        }
        if (rsaMinBits != MIN_RSA_BITS) {
            json.add(RSA_MIN_BITS, rsaMinBits);
        }
        if (!ecCurves.equals(ALL_CURVES)) {
            json.add(EC_CURVES, Json.createArrayBuilder(ecCurves));
        }
        if (signatureHash != null) {
            json.add(SIGNATURE_HASH, signatureHash);
        }
        if (!allowedEkus.equals(DEFAULT_EKUS)) {
            json.add(ALLOWED_EKUS, Json.createArrayBuilder(allowedEkus.stream().map(CertificatePolicy::ekuName).toList()));
        }
        addUnlessEmpty(json, SAN, san.toJson());
        addUnlessEmpty(json, SUBJECT, subject.toJson());
        if (maxTtl != null) {
            json.add(MAX_TTL_SECONDS, maxTtl.toSeconds());
        }
        if (mustStaple) {
            json.add(MUST_STAPLE, true);
        }
        JsonFields.addUnlessEmpty(json, REQUIRED_CSR_ATTRIBUTES,
                requiredCsrAttributes.stream().map(CertificatePolicy::csrAttributeName).toList());
        return json.build();
    }

    private static void addUnlessEmpty(JsonObjectBuilder json, String field, JsonObject object) {
        if (!object.isEmpty()) {
            json.add(field, object);
        }
    }

    private static <T> List<T> distinct(String field, List<T> values) {
        List<T> copy = List.copyOf(values);
        if (new HashSet<>(copy).size() != copy.size()) {
            throw invalid(field, "a value is listed twice");
        }
        return copy;
    }

    private static <T> List<T> nonEmptyDistinct(String field, List<T> values) {
        if (values.isEmpty()) {
            throw invalid(field, "must not be empty");
        }
        return distinct(field, values);
    }

    private static IllegalArgumentException invalid(String field, String detail) {
        return new IllegalArgumentException(field + ": " + detail);
    }

    @SafeVarargs
    private static <T> Map<String, T> linked(Map.Entry<String, T>... entries) {
        Map<String, T> linked = new LinkedHashMap<>();
        for (Map.Entry<String, T> entry : entries) {
            linked.put(entry.getKey(), entry.getValue());
        }
        return linked;
    }

    private static String nameOf(Map<String, ASN1ObjectIdentifier> named, ASN1ObjectIdentifier oid) {
        return named.entrySet().stream().filter(entry -> entry.getValue().equals(oid)).map(Map.Entry::getKey)
                .findFirst().orElse(oid.getId());
    }

    /** A parser for names of {@code named} or dotted OIDs; a dotted OID that has a name is the named one. */
    private static Function<String, ASN1ObjectIdentifier> nameOrOid(Map<String, ASN1ObjectIdentifier> named) {
        return text -> {
            ASN1ObjectIdentifier oid = named.containsKey(text) ? named.get(text) : ASN1ObjectIdentifier.tryFromID(text);
            if (oid == null) {
                throw new IllegalArgumentException("'" + text + "' is neither a dotted OID nor one of "
                        + String.join(", ", named.keySet()));
            }
            return oid;
        };
    }
}
