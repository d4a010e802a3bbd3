package org.estuary.profile.control;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.estuary.profile.entity.AuthMode;
import org.estuary.profile.entity.EstProfile;
import org.estuary.profile.entity.EstProfile.Approval;
import org.estuary.profile.entity.EstProfile.Authentication;
import org.estuary.profile.entity.EstProfile.ServerKeygen;
import org.estuary.profile.entity.ServerKeyGeneration;
import org.estuary.profile.entity.SharedSecret;

/**
 * Reads the EST profiles from configuration and says everything wrong with it. {@code est.profiles}
 * ({@code EST_PROFILES}) lists the path labels; each label's settings are
 * {@code est.profile.<label>.<key>} ({@code EST_PROFILE_<LABEL>_<KEY>}). Without labels one profile
 * serves the root, configured by {@code est.<key>}. Every problem is one line naming the profile and
 * the key, so that an operator can fix the configuration from the log alone.
 */
public final class EstProfileConfiguration {

    /** RFC 7030 §3.2.2 allows any label; ours are lower-case path segments an operator can type. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    /** {@code /.well-known/est/est/...} would read as the root profile's path twice over. */
    private static final Set<String> RESERVED_LABELS = Set.of("est");

    static final String DEFAULT_ISSUER = "iss-local";

    /** The profiles read and every problem found; the profiles are only usable when there are no problems. */
    public record Outcome(List<EstProfile> profiles, List<String> problems) {

        public Outcome {
            profiles = List.copyOf(profiles);
            problems = List.copyOf(problems);
        }
    }

    private final Function<String, Optional<String>> config;
    private final int javaFeatureVersion;
    private final List<String> problems = new ArrayList<>();

    private EstProfileConfiguration(Function<String, Optional<String>> config, int javaFeatureVersion) {
        this.config = config;
        this.javaFeatureVersion = javaFeatureVersion;
    }

    /** Reads with this JVM's feature version deciding whether RFC 9266 channel binding is possible. */
    public static Outcome read(Function<String, Optional<String>> config) {
        return read(config, Runtime.version().feature());
    }

    static Outcome read(Function<String, Optional<String>> config, int javaFeatureVersion) {
        return new EstProfileConfiguration(config, javaFeatureVersion).readAll();
    }

    /** The environment variable MicroProfile Config maps to {@code key}: {@code est.profile.iot.issuer-id} → {@code EST_PROFILE_IOT_ISSUER_ID}. */
    public static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private Outcome readAll() {
        Optional<String> listed = value("est.profiles");
        List<EstProfile> profiles = new ArrayList<>();
        if (listed.isEmpty()) {
            profiles.add(profile("", EstProfile.ROOT_NAME, "est."));
            return new Outcome(profiles, problems);
        }
        Set<String> seen = new HashSet<>();
        for (String label : listed.get().split(",", -1)) {
            String trimmed = label.strip();
            if (!LABEL.matcher(trimmed).matches()) {
                problem("est.profiles", "label '" + trimmed + "' must be lower-case letters, digits and inner hyphens");
            } else if (RESERVED_LABELS.contains(trimmed)) {
                problem("est.profiles", "label '" + trimmed + "' is reserved");
            } else if (!seen.add(trimmed)) {
                problem("est.profiles", "label '" + trimmed + "' is listed twice");
            } else {
                profiles.add(profile(trimmed, trimmed, "est.profile." + trimmed + "."));
            }
        }
        return new Outcome(profiles, problems);
    }

    private EstProfile profile(String label, String name, String prefix) {
        Settings settings = new Settings(name, prefix);
        String issuerId = label.isEmpty() ? settings.text("issuer-id").orElse(DEFAULT_ISSUER)
                : settings.text("issuer-id").orElseGet(() -> {
                    settings.problem("issuer-id", "is required: the issuer that signs for this profile");
                    return DEFAULT_ISSUER;
                });
        return new EstProfile(label, name, issuerId, settings.text("profile-id"), authentication(settings),
                new ServerKeygen(settings.flag("serverkeygen-enabled"), keyAlgorithm(settings),
                        settings.flag("serverkeygen-encrypt-to-csr-key")),
                new Approval(settings.flag("manual-approval"), settings.number("manual-approval-retry-after", 60, 1)),
                settings.flag("reenroll-allow-change-subject-name"));
    }

    private ServerKeyGeneration keyAlgorithm(Settings settings) {
        Optional<String> configured = settings.text("serverkeygen-key-algorithm");
        try {
            return configured.map(ServerKeyGeneration::of).orElse(ServerKeyGeneration.EC_P256);
        } catch (IllegalArgumentException unknown) {
            settings.problem("serverkeygen-key-algorithm", unknown.getMessage());
            return ServerKeyGeneration.EC_P256;
        }
    }

    /** The cross-checks of RFC 7030 §3.3 as operators need them: each mode has what it needs, or the profile does not start. */
    private Authentication authentication(Settings settings) {
        Set<AuthMode> modes = EnumSet.noneOf(AuthMode.class);
        for (String token : settings.text("allowed-auth-modes").map(t -> t.split(",")).orElse(new String[0])) {
            if (token.isBlank()) {
                continue;
            }
            AuthMode.of(token).ifPresentOrElse(modes::add, () -> settings.problem("allowed-auth-modes",
                    "unknown mode '" + token.strip() + "' (mtls, basic)"));
        }
        Optional<SharedSecret> password = password(settings);
        boolean mtlsEnabled = settings.flag("mtls-enabled");
        Optional<Path> trustBundle = settings.text("mtls-client-ca-trust-bundle-path").map(Path::of);
        boolean channelBinding = settings.flag("channel-binding-required");
        if (modes.contains(AuthMode.BASIC) && password.isEmpty()) {
            settings.problem("enrollment-password", "is required when allowed-auth-modes has basic");
        }
        if (modes.contains(AuthMode.MTLS) && !mtlsEnabled) {
            settings.problem("mtls-enabled", "must be true when allowed-auth-modes has mtls");
        }
        if (modes.contains(AuthMode.MTLS) && trustBundle.isEmpty()) {
            settings.problem("mtls-client-ca-trust-bundle-path", "is required when allowed-auth-modes has mtls");
        }
        trustBundle.filter(path -> !Files.isReadable(path)).ifPresent(path ->
                settings.problem("mtls-client-ca-trust-bundle-path", "cannot read " + path));
        if (channelBinding && !mtlsEnabled) {
            settings.problem("channel-binding-required", "needs mtls-enabled=true: the binding ties the CSR to a client certificate");
        }
        if (channelBinding && javaFeatureVersion < 25) {
            settings.problem("channel-binding-required", "needs JDK 25 or newer for the RFC 9266 tls-exporter; this JVM is "
                    + javaFeatureVersion);
        }
        return new Authentication(modes, password, mtlsEnabled, trustBundle, channelBinding,
                (int) settings.number("rate-limit-per-principal-24h", 0, 0));
    }

    private Optional<SharedSecret> password(Settings settings) {
        Optional<String> inline = settings.text("enrollment-password");
        Optional<String> file = settings.text("enrollment-password-file");
        if (inline.isPresent() && file.isPresent()) {
            settings.problem("enrollment-password-file", "and enrollment-password are both set; keep one");
        }
        if (file.isPresent()) {
            try {
                String secret = Files.readString(Path.of(file.get())).strip();
                if (secret.isEmpty()) {
                    settings.problem("enrollment-password-file", file.get() + " is empty");
                    return Optional.empty();
                }
                return Optional.of(new SharedSecret(secret));
            } catch (java.io.IOException | RuntimeException unreadable) {
                settings.problem("enrollment-password-file", "cannot read " + file.get());
                return Optional.empty();
            }
        }
        return inline.map(SharedSecret::new);
    }

    private Optional<String> value(String key) {
        return config.apply(key).map(String::strip).filter(text -> !text.isEmpty());
    }

    private void problem(String key, String text) {
        problems.add("EST configuration: " + key + " (" + environmentName(key) + ") " + text);
    }

    /** The settings of one profile, under its key prefix. */
    private final class Settings {

        private final String profile;
        private final String prefix;

        Settings(String profile, String prefix) {
            this.profile = profile;
            this.prefix = prefix;
        }

        Optional<String> text(String key) {
            return value(prefix + key);
        }

        boolean flag(String key) {
            Optional<String> text = text(key);
            if (text.isEmpty() || text.get().equalsIgnoreCase("false")) {
                return false;
            }
            if (text.get().equalsIgnoreCase("true")) {
                return true;
            }
            problem(key, "must be true or false, not '" + text.get() + "'");
            return false;
        }

        long number(String key, long defaultValue, long minimum) {
            Optional<String> text = text(key);
            if (text.isEmpty()) {
                return defaultValue;
            }
            try {
                long number = Long.parseLong(text.get());
                if (number >= minimum && number <= Integer.MAX_VALUE) {
                    return number;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            problem(key, "must be a whole number of at least " + minimum + ", not '" + text.get() + "'");
            return defaultValue;
        }

        void problem(String key, String text) {
            String fullKey = prefix + key;
            problems.add("EST profile " + profile + ": " + fullKey + " (" + environmentName(fullKey) + ") " + text);
        }
    }
}
