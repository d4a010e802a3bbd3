package org.estuary.profile.entity;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An EST profile: where it is published, which issuer signs for it, which certificate profile
 * constrains its requests, how its clients authenticate, and which optional operations it offers.
 * Profiles never share state: each request is judged by its own profile alone.
 *
 * @param label the path segment after {@code /.well-known/est/}; empty for the root profile
 * @param name how records and logs name the profile: the label, or {@value #ROOT_NAME} for the root
 * @param certificateProfileId the certificate profile (policy); empty for the baseline policy
 * @param allowChangeSubjectName whether re-enrollment honours RFC 6402 ChangeSubjectName
 */
public record EstProfile(String label, String name, String issuerId, Optional<String> certificateProfileId,
        Authentication authentication, ServerKeygen serverKeygen, Approval approval, boolean allowChangeSubjectName) {

    public static final String ROOT_NAME = "default";

    public EstProfile {
        requireNonNull(label, "label");
        requireNonNull(name, "name");
        requireNonNull(issuerId, "issuerId");
        requireNonNull(certificateProfileId, "certificateProfileId");
        requireNonNull(authentication, "authentication");
        requireNonNull(serverKeygen, "serverKeygen");
        requireNonNull(approval, "approval");
    }

    public boolean isRoot() {
        return label.isEmpty();
    }

    /** The paths that serve the profile (RFC 7030 §3.2.2): {@code /.well-known/est[-mtls]/<label>/}, by its auth modes. */
    public List<String> routes() {
        String suffix = isRoot() ? "/" : "/" + label + "/";
        List<String> routes = new ArrayList<>(2);
        if (authentication.servesEstRoute()) {
            routes.add("/.well-known/est" + suffix);
        }
        if (authentication.servesMtlsRoute()) {
            routes.add("/.well-known/est-mtls" + suffix);
        }
        return List.copyOf(routes);
    }

    /**
     * How clients of the profile authenticate.
     *
     * @param rateLimitPerPrincipal24h enrollments per (CN, source IP) in 24 hours; 0 = no limit
     */
    public record Authentication(Set<AuthMode> modes, Optional<SharedSecret> enrollmentPassword, boolean mtlsEnabled,
            Optional<Path> mtlsTrustBundle, boolean channelBindingRequired, int rateLimitPerPrincipal24h) {

        public static final Authentication ANONYMOUS = new Authentication(Set.of(), Optional.empty(), false,
                Optional.empty(), false, 0);

        public Authentication {
            modes = Set.copyOf(modes);
            requireNonNull(enrollmentPassword, "enrollmentPassword");
            requireNonNull(mtlsTrustBundle, "mtlsTrustBundle");
        }

        public boolean isAnonymous() {
            return modes.isEmpty();
        }

        /** Whether {@code /.well-known/est/<label>/} serves the profile: anonymous and Basic profiles. */
        public boolean servesEstRoute() {
            return modes.isEmpty() || modes.contains(AuthMode.BASIC);
        }

        /** Whether {@code /.well-known/est-mtls/<label>/} serves the profile: those with mtls among their modes. */
        public boolean servesMtlsRoute() {
            return modes.contains(AuthMode.MTLS);
        }
    }

    /** RFC 7030 §4.4: whether /serverkeygen is offered, the key it makes, and whether the key must be encrypted to the CSR's key. */
    public record ServerKeygen(boolean enabled, ServerKeyGeneration keyAlgorithm, boolean encryptToCsrKey) {

        public ServerKeygen {
            requireNonNull(keyAlgorithm, "keyAlgorithm");
        }
    }

    /** RFC 7030 §4.2.3: whether requests wait for an administrator, and the Retry-After they are told. */
    public record Approval(boolean manual, long retryAfterSeconds) {
    }
}
