package org.estuary.profile.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estuary.auth.control.RateLimitStore;
import org.estuary.auth.control.TrustBundles;
import org.estuary.ca.control.Issuers;
import org.estuary.ca.control.RevocationPointers;
import org.estuary.enrollment.entity.PolicyViolation;
import org.estuary.profile.control.CertificateProfiles;
import org.estuary.profile.control.CsrPolicy;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.CertificatePolicy;
import org.estuary.profile.entity.AuthMode;
import org.estuary.profile.entity.CertificateProfile;
import org.estuary.profile.entity.EstProfile;

/**
 * Decides at start whether the configured EST profiles may be served: every label valid, every
 * setting well-formed, every issuer and certificate profile known. Otherwise the deployment fails
 * and each problem is one log line naming the profile and the key; the server never comes up
 * half-configured. First it seeds certificate profiles from {@code est.certificate-profiles-file}
 * (default {@code <data dir>/certificate-profiles.json}, a JSON array): each one whose id is not
 * stored yet is created; stored ones are left as the admin API last saved them.
 *
 * <p>When {@code est.startup-report} names a file, the outcome is written there ({@code ready}, or
 * {@code failed} and the problems) for the launcher that waits on it.
 */
@Singleton
@Startup
public class ProfileStartup {

    private static final Logger LOG = Logger.getLogger(ProfileStartup.class.getName());

    @Inject
    EstProfiles estProfiles;

    @Inject
    Issuers issuers;

    @Inject
    CertificateProfiles certificateProfiles;

    @Inject
    TrustBundles trustBundles;

    @Inject
    RateLimitStore rateLimits;

    @Inject
    @ConfigProperty(name = "est.certificate-profiles-file")
    Optional<String> seedFile;

    @Inject
    @ConfigProperty(name = "est.data.dir")
    Optional<String> dataDir;

    @Inject
    @ConfigProperty(name = RevocationPointers.BASE_URL_KEY)
    Optional<String> publicBaseUrl;

    @Inject
    @ConfigProperty(name = "est.startup-report")
    Optional<String> startupReport;

    private final Clock clock = Clock.systemUTC();

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void checkBeforeServing() {
        List<String> problems = new ArrayList<>(seed());
        try {
            RevocationPointers.baseUrl(publicBaseUrl);
        } catch (IllegalArgumentException refused) {
            problems.add("EST configuration: " + refused.getMessage());
        }
        problems.addAll(rateLimitStoreProblems());
        problems.addAll(estProfiles.problems());
        if (estProfiles.problems().isEmpty()) {
            for (EstProfile profile : estProfiles.all()) {
                problems.addAll(bindingProblems(profile));
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(LOG::severe);
            report("failed\n" + String.join("\n", problems) + "\n");
            throw new IllegalStateException("EST configuration refused: " + String.join("; ", problems));
        }
        for (EstProfile profile : estProfiles.all()) {
            LOG.info(() -> describe(profile));
            if (profile.authentication().isAnonymous()) {
                LOG.warning(() -> "EST profile " + profile.name() + " authenticates nobody: anyone who reaches it can enroll;"
                        + " set allowed-auth-modes (mtls, basic) for production");
            }
        }
        report("ready\n");
    }

    /** The abuse limits' store is opened now: a cluster node without its data grid refuses to start, rather than its first enrollment failing. */
    private List<String> rateLimitStoreProblems() {
        try {
            rateLimits.count("startup-check", Duration.ofSeconds(1), clock.instant());
            return List.of();
        } catch (RuntimeException refused) {
            Throwable cause = refused;
            while (!(cause instanceof IllegalStateException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return List.of("EST configuration: " + cause.getMessage());
        }
    }

    private List<String> bindingProblems(EstProfile profile) {
        List<String> problems = new ArrayList<>();
        String prefix = profile.isRoot() ? "est." : "est.profile." + profile.label() + ".";
        if (issuers.byId(profile.issuerId()).isEmpty()) {
            problems.add("EST profile " + profile.name() + ": " + prefix + "issuer-id names unknown issuer " + profile.issuerId());
        } else if (profile.serverKeygen().enabled() && issuers.holdingKey(profile.issuerId()).isEmpty()) {
            // RFC 7030 §4.4.2 has the key package signed in the CA's name; an upstream CA's key is not here.
            problems.add("EST profile " + profile.name() + ": " + prefix + "serverkeygen-enabled: issuer "
                    + profile.issuerId() + " forwards to an upstream CA, which would have to generate the key");
        }
        if (profile.authentication().mtlsTrustBundle().isPresent()) {
            try {
                trustBundles.load(profile);
            } catch (IllegalArgumentException refused) {
                problems.add("EST profile " + profile.name() + ": " + prefix + "mtls-client-ca-trust-bundle-path: "
                        + refused.getMessage());
            }
        }
        Optional<CertificateProfile> certificateProfile = profile.certificateProfileId().flatMap(certificateProfiles::find);
        profile.certificateProfileId().filter(id -> certificateProfile.isEmpty()).ifPresent(id ->
                problems.add("EST profile " + profile.name() + ": " + prefix + "profile-id names unknown certificate profile " + id));
        if (profile.serverKeygen().enabled() && certificateProfile.isPresent()) {
            try {
                CsrPolicy.requireAllowedKey(profile.serverKeygen().keyAlgorithm().description(), certificateProfile.get().policy());
            } catch (PolicyViolation refused) {
                problems.add("EST profile " + profile.name() + ": " + prefix + "serverkeygen-key-algorithm is refused by"
                        + " certificate profile " + certificateProfile.get().getId() + " (" + refused.getMessage() + ")");
            }
        }
        return problems;
    }

    /** Creates the certificate profiles of the seed file that are not stored yet; answers what is wrong with the file. */
    private List<String> seed() {
        Path file = seedFile.map(Path::of).orElseGet(() -> dataDir.map(dir -> Path.of(dir, "certificate-profiles.json"))
                .orElse(null));
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        String where = "EST configuration: est.certificate-profiles-file " + file;
        JsonArray documents;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonReader reader = Json.createReader(in)) {
            documents = reader.readArray();
        } catch (IOException | JsonException | IllegalStateException unreadable) {
            return List.of(where + ": not a JSON array of certificate profiles");
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            try {
                if (documents.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                CertificatePolicy policy = CertificatePolicy.fromJson((JsonObject) documents.get(i));
                if (certificateProfiles.find(policy.id()).isEmpty()) {
                    certificateProfiles.add(new CertificateProfile(policy, LocalDateTime.now(clock)));
                    LOG.info(() -> "Certificate profile " + policy.id() + " created from " + file);
                }
            } catch (IllegalArgumentException invalid) {
                problems.add(where + ": entry " + (i + 1) + ": " + invalid.getMessage());
            }
        }
        return problems;
    }

    private static String describe(EstProfile profile) {
        String path = profile.isRoot() ? "/.well-known/est/" : "/.well-known/est/" + profile.label() + "/";
        return "EST profile " + profile.name() + " at " + path + ": issuer " + profile.issuerId()
                + ", certificate profile " + profile.certificateProfileId().orElse("(baseline)")
                + ", auth " + (profile.authentication().isAnonymous() ? "anonymous" : profile.authentication().modes())
                + (profile.authentication().modes().contains(AuthMode.MTLS)
                        ? " (mTLS at /.well-known/est-mtls/" + profile.label() + (profile.isRoot() ? "" : "/") + ")" : "")
                + (profile.serverKeygen().enabled() ? ", serverkeygen " + profile.serverKeygen().keyAlgorithm() : "")
                + (profile.approval().manual() ? ", manual approval" : "");
    }

    private void report(String outcome) {
        startupReport.map(Path::of).ifPresent(file -> {
            try {
                Files.writeString(file, outcome, StandardCharsets.UTF_8);
            } catch (IOException unwritable) {
                LOG.warning(() -> "cannot write the start-up report " + file + ": " + unwritable.getMessage());
            }
        });
    }
}
