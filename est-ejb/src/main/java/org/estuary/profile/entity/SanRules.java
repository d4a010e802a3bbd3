package org.estuary.profile.entity;

import static java.util.Objects.requireNonNull;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/**
 * What the subjectAltName of a certificate profile may hold. An empty list of suffixes, patterns,
 * ranges or domains constrains nothing; the JSON refuses an empty array for them, so empty means absent.
 *
 * @param allowedTypes the GeneralName types a CSR may ask for; every other type is always refused
 * @param requiredTypes the types a CSR must ask for at least one name of
 * @param dnsSuffixes a suffix starting with '.' matches the sub-domains of what follows it, one
 *     without matches that name exactly; both case-insensitively
 * @param dnsPatterns Java regular expressions a dNSName may match in full instead
 * @param emailDomains the domains an rfc822Name may have, case-insensitively
 */
public record SanRules(Set<SanType> allowedTypes, Set<SanType> requiredTypes, List<String> dnsSuffixes,
        List<String> dnsPatterns, List<IpRange> ipRanges, List<String> emailDomains) {

    /** The GeneralName types a certificate profile can allow, as the JSON names them. */
    public enum SanType {
        DNS("dns", GeneralName.dNSName), IP("ip", GeneralName.iPAddress), EMAIL("email", GeneralName.rfc822Name),
        URI("uri", GeneralName.uniformResourceIdentifier);

        private final String json;
        private final int tag;

        SanType(String json, int tag) {
            this.json = json;
            this.tag = tag;
        }

        public String json() {
            return json;
        }

        /** The GeneralName CHOICE tag (RFC 5280 §4.2.1.6). */
        public int tag() {
            return tag;
        }
    }

    private static final Map<String, SanType> TYPES = new LinkedHashMap<>();

    static {
        for (SanType type : SanType.values()) {
            TYPES.put(type.json(), type);
        }
    }

    private static final String ALLOWED_TYPES = "allowed_types";
    private static final String REQUIRED_TYPES = "required_types";
    private static final String DNS_SUFFIXES = "dns_suffixes";
    private static final String DNS_PATTERNS = "dns_patterns";
    private static final String IP_RANGES = "ip_ranges";
    private static final String EMAIL_DOMAINS = "email_domains";

    /** Any of dns, ip, email and uri, none required, unconstrained. */
    public static final SanRules ANY = new SanRules(EnumSet.allOf(SanType.class), Set.of(), List.of(), List.of(),
            List.of(), List.of());

    public SanRules {
        allowedTypes = Set.copyOf(allowedTypes);
        requiredTypes = Set.copyOf(requiredTypes);
        dnsSuffixes = List.copyOf(dnsSuffixes);
        dnsPatterns = List.copyOf(dnsPatterns);
        ipRanges = List.copyOf(ipRanges);
        emailDomains = List.copyOf(emailDomains);
        for (SanType required : requiredTypes) {
            requireAllowed(allowedTypes, required, REQUIRED_TYPES);
        }
        for (String suffix : dnsSuffixes) {
            if (suffix.isBlank() || suffix.equals(".") || suffix.chars().anyMatch(Character::isWhitespace)) {
                throw invalid(DNS_SUFFIXES, "'" + suffix + "' is not a domain suffix");
            }
        }
        for (String pattern : dnsPatterns) {
            JsonFields.requireRegex("san." + DNS_PATTERNS, pattern);
        }
        for (String domain : emailDomains) {
            if (domain.isBlank() || domain.contains("@") || domain.chars().anyMatch(Character::isWhitespace)) {
                throw invalid(EMAIL_DOMAINS, "'" + domain + "' is not a domain");
            }
        }
        requireAllowedWhenGiven(allowedTypes, SanType.DNS, DNS_SUFFIXES, dnsSuffixes);
        requireAllowedWhenGiven(allowedTypes, SanType.DNS, DNS_PATTERNS, dnsPatterns);
        requireAllowedWhenGiven(allowedTypes, SanType.IP, IP_RANGES, ipRanges);
        requireAllowedWhenGiven(allowedTypes, SanType.EMAIL, EMAIL_DOMAINS, emailDomains);
    }

    /** True when {@code name} satisfies a suffix or a pattern, or when none is given. */
    public boolean allowsDnsName(String name) {
        if (dnsSuffixes.isEmpty() && dnsPatterns.isEmpty()) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : dnsSuffixes) {
            String wanted = suffix.toLowerCase(Locale.ROOT);
            if (wanted.startsWith(".") ? lower.endsWith(wanted) && lower.length() > wanted.length() : lower.equals(wanted)) {
                return true;
            }
        }
        return dnsPatterns.stream().anyMatch(pattern -> Pattern.compile(pattern).matcher(name).matches());
    }

    /** True when the 4 or 16 bytes of {@code address} fall in a range, or when none is given. */
    public boolean allowsIpAddress(byte[] address) {
        return ipRanges.isEmpty() || ipRanges.stream().anyMatch(range -> range.contains(address));
    }

    /** True when the domain of {@code mailbox} is one of the domains, or when none is given. */
    public boolean allowsEmail(String mailbox) {
        if (emailDomains.isEmpty()) {
            return true;
        }
        int at = mailbox.lastIndexOf('@');
        return at >= 0 && emailDomains.stream().anyMatch(mailbox.substring(at + 1)::equalsIgnoreCase);
    }

    static SanRules fromJson(JsonObject json) {
        JsonFields fields = new JsonFields(json, "san.",
                Set.of(ALLOWED_TYPES, REQUIRED_TYPES, DNS_SUFFIXES, DNS_PATTERNS, IP_RANGES, EMAIL_DOMAINS));
        List<SanType> allowed = fields.list(ALLOWED_TYPES, true, JsonFields.oneOf(TYPES));
        List<SanType> required = fields.list(REQUIRED_TYPES, true, JsonFields.oneOf(TYPES));
        List<String> suffixes = fields.list(DNS_SUFFIXES, false, text -> text);
        List<String> patterns = fields.list(DNS_PATTERNS, false, text -> text);
        List<IpRange> ranges = fields.list(IP_RANGES, false, IpRange::new);
        List<String> domains = fields.list(EMAIL_DOMAINS, false, text -> text);
        return new SanRules(allowed == null ? ANY.allowedTypes() : Set.copyOf(allowed),
                Set.copyOf(JsonFields.orNone(required)), JsonFields.orNone(suffixes), JsonFields.orNone(patterns),
                JsonFields.orNone(ranges), JsonFields.orNone(domains));
    }

    /** Only what differs from {@link #ANY}; empty when nothing does. */
    JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (!allowedTypes.equals(ANY.allowedTypes)) {
            json.add(ALLOWED_TYPES, jsonTypes(allowedTypes));
        }
        if (!requiredTypes.isEmpty()) {
            json.add(REQUIRED_TYPES, jsonTypes(requiredTypes));
        }
        JsonFields.addUnlessEmpty(json, DNS_SUFFIXES, dnsSuffixes);
        JsonFields.addUnlessEmpty(json, DNS_PATTERNS, dnsPatterns);
        JsonFields.addUnlessEmpty(json, IP_RANGES, ipRanges.stream().map(IpRange::toString).toList());
        JsonFields.addUnlessEmpty(json, EMAIL_DOMAINS, emailDomains);
        return json.build();
    }

    private static JsonArray jsonTypes(Set<SanType> types) {
        return Json.createArrayBuilder(Arrays.stream(SanType.values()).filter(types::contains).map(SanType::json).toList())
                .build();
    }

    private static void requireAllowed(Set<SanType> allowedTypes, SanType type, String field) {
        if (!allowedTypes.contains(type)) {
            throw invalid(field, type.json() + " is not in san." + ALLOWED_TYPES);
        }
    }

    private static void requireAllowedWhenGiven(Set<SanType> allowedTypes, SanType type, String field, List<?> given) {
        if (!given.isEmpty()) {
            requireAllowed(allowedTypes, type, field);
        }
    }

    private static IllegalArgumentException invalid(String field, String detail) {
        return new IllegalArgumentException("san." + field + ": " + detail);
    }

    /**
     * An IPv4 or IPv6 network in CIDR notation, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32},
     * kept as written. Host bits must be zero, so that what is written is what is meant. A refusal's
     * message is about the text alone: the JSON reader puts the field's name before it.
     */
    public record IpRange(String cidr) {

        public IpRange {
            requireNonNull(cidr, "cidr");
            network(cidr);
        }

        /** True when {@code address}, of 4 or 16 bytes, lies in this range. */
        public boolean contains(byte[] address) {
            Network network = network(cidr);
            return address.length == network.address().length
                    && network.prefixOf(address).equals(network.prefixOf(network.address()));
        }

        @Override
        public String toString() {
            return cidr;
        }

        private record Network(byte[] address, int prefixLength) {

            BigInteger prefixOf(byte[] bytes) {
                return new BigInteger(1, bytes).shiftRight(bytes.length * 8 - prefixLength);
            }
        }

        private static Network network(String cidr) {
            String[] parts = cidr.split("/", -1);
            // Literal addresses only: getByName would look a host name up in the DNS.
            if (parts.length != 2 || !(IPAddress.isValidIPv4(parts[0]) || IPAddress.isValidIPv6(parts[0]))
                    || !parts[1].matches("[0-9]{1,3}")) {
                throw notCidr(cidr);
            }
            byte[] address;
            try {
                address = InetAddress.getByName(parts[0]).getAddress();
            } catch (UnknownHostException notALiteral) {
                throw notCidr(cidr);
            }
            int prefixLength = Integer.parseInt(parts[1]);
            if (prefixLength > address.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix longer than " + address.length * 8 + " bits");
            }
            Network network = new Network(address, prefixLength);
            if (!network.prefixOf(address).shiftLeft(address.length * 8 - prefixLength).equals(new BigInteger(1, address))) {
                throw new IllegalArgumentException("'" + cidr + "' has host bits set");
            }
            return network;
        }

        private static IllegalArgumentException notCidr(String cidr) {
            return new IllegalArgumentException("'" + cidr + "' is not a CIDR range such as 10.0.0.0/8 or 2001:db8::/32");
        }
    }
}
