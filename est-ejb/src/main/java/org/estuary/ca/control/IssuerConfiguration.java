package org.estuary.ca.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the issuers besides the local file CA: {@code est.issuers} ({@code EST_ISSUERS}) lists their
 * ids, and each id's settings are {@code est.issuer.<id>.<key>} ({@code EST_ISSUER_<ID>_<KEY>}), with
 * {@code type} either {@code pkcs11} (a CA key on a token) or {@code upstream-est} (RA mode). Every
 * problem is one line naming the issuer and the key.
 */
public final class IssuerConfiguration {

    private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    /** So that a rolled-over key's CRL name, {@code <id>.g<n>}, fits the 64 characters of crl_state's key. */
    static final int MAX_ID_LENGTH = 56;

    /** Whether {@code id} can name an issuer: lower-case letters, digits and inner hyphens, not too long. */
    static boolean isValidId(String id) {
        return id.length() <= MAX_ID_LENGTH && ID.matcher(id).matches();
    }

    /** One configured issuer, not yet opened. */
    public sealed interface Definition {
        String id();
    }

    /** An issuer whose key is on a PKCS#11 token. */
    public record OnToken(String id, Pkcs11Token token) implements Definition {
    }

    /** An issuer forwarding to an upstream EST server. */
    public record Upstream(String id, UpstreamEstClient client) implements Definition {
    }

    /** The issuers read and every problem found; usable only without problems. */
    public record Outcome(List<Definition> issuers, List<String> problems) {

        public Outcome {
            issuers = List.copyOf(issuers);
            problems = List.copyOf(problems);
        }
    }

    private final Function<String, Optional<String>> config;
    private final List<String> problems = new ArrayList<>();

    private IssuerConfiguration(Function<String, Optional<String>> config) {
        this.config = config;
    }

    /** @param localIssuerId the local file CA's id, which no other issuer may take */
    public static Outcome read(Function<String, Optional<String>> config, String localIssuerId) {
        return new IssuerConfiguration(config).readAll(localIssuerId);
    }

    private Outcome readAll(String localIssuerId) {
        List<Definition> issuers = new ArrayList<>();
        Optional<String> listed = value("est.issuers");
        if (listed.isEmpty()) {
            return new Outcome(issuers, problems);
        }
        Set<String> seen = new HashSet<>(Set.of(localIssuerId));
        for (String entry : listed.get().split(",", -1)) {
            String id = entry.strip();
            if (!isValidId(id)) {
                problems.add("est.issuers: issuer id '" + id + "' must be lower-case letters, digits and inner hyphens, at most "
                        + MAX_ID_LENGTH + " characters");
            } else if (!seen.add(id)) {
                problems.add("est.issuers: issuer id '" + id + "' is taken (listed twice, or the local CA's est.ca.issuer-id)");
            } else {
                definition(id).ifPresent(issuers::add);
            }
        }
        return new Outcome(issuers, problems);
    }

    private Optional<Definition> definition(String id) {
        String prefix = "est.issuer." + id + ".";
        String type = value(prefix + "type").orElse("");
        int before = problems.size();
        Definition definition = switch (type) {
            case "pkcs11" -> new OnToken(id, new Pkcs11Token(
                    readableFile(prefix + "pkcs11-library", true),
                    slot(prefix + "pkcs11-slot"),
                    (int) number(prefix + "pkcs11-slot-list-index", 0),
                    readableFile(prefix + "pin-file", true),
                    value(prefix + "key-label").orElseGet(() -> required(prefix + "key-label")),
                    readableFile(prefix + "certificate-chain", false)));
            case "upstream-est" -> new Upstream(id, new UpstreamEstClient(
                    upstreamUrl(prefix + "upstream-url"),
                    readableFile(prefix + "upstream-trust-bundle", true),
                    readableFile(prefix + "ra-keystore", false),
                    readableFile(prefix + "ra-keystore-password-file", value(prefix + "ra-keystore").isPresent()),
                    value(prefix + "upstream-username").orElse(null),
                    readableFile(prefix + "upstream-password-file", value(prefix + "upstream-username").isPresent()),
                    duration(prefix + "upstream-timeout", Duration.ofSeconds(30))));
            default -> {
                problems.add(prefix + "type: must be pkcs11 or upstream-est, not '" + type + "'");
                yield null;
            }
        };
        return problems.size() == before ? Optional.ofNullable(definition) : Optional.empty();
    }

    private Optional<String> value(String key) {
        return config.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    private String required(String key) {
        problems.add(key + ": is required");
        return null;
    }

    private Path readableFile(String key, boolean required) {
        Optional<String> path = value(key);
        if (path.isEmpty()) {
            if (required) {
                required(key);
            }
            return null;
        }
        Path file = Path.of(path.get());
        if (!Files.isReadable(file)) {
            problems.add(key + ": cannot read " + file);
        }
        return file;
    }

    private Long slot(String key) {
        return value(key).isPresent() ? number(key, 0) : null;
    }

    private long number(String key, long fallback) {
        try {
            long number = value(key).map(Long::parseLong).orElse(fallback);
            if (number < 0) {
                problems.add(key + ": must not be negative");
            }
            return number;
        } catch (NumberFormatException notANumber) {
            problems.add(key + ": must be a whole number");
            return fallback;
        }
    }

    private Duration duration(String key, Duration fallback) {
        try {
            Duration duration = value(key).map(Duration::parse).orElse(fallback);
            if (duration.isNegative() || duration.isZero() || duration.toMillis() > Integer.MAX_VALUE) {
                problems.add(key + ": must be a positive ISO-8601 duration such as PT30S");
                return fallback;
            }
            return duration;
        } catch (DateTimeParseException notADuration) {
            problems.add(key + ": must be an ISO-8601 duration such as PT30S");
            return fallback;
        }
    }

    /**
     * RFC 7030 §3.2.2: {@code https://www.example.com/.well-known/est[/arbitraryLabel1]}, or another base
     * path an upstream serves EST under (Estuary's mTLS route {@code /.well-known/est-mtls/label}).
     */
    private URI upstreamUrl(String key) {
        Optional<String> text = value(key);
        if (text.isEmpty()) {
            required(key);
            return null;
        }
        try {
            URI url = new URI(text.get());
            if (!"https".equals(url.getScheme()) || url.getHost() == null || url.getPath() == null
                    || !url.getPath().startsWith("/") || url.getQuery() != null || url.getUserInfo() != null
                    || url.getFragment() != null) {
                problems.add(key + ": must be https://host[:port]/.well-known/est[/label] (or the upstream's EST base path)");
            }
            return url;
        } catch (URISyntaxException notAUrl) {
            problems.add(key + ": is not a URL");
            return null;
        }
    }
}
