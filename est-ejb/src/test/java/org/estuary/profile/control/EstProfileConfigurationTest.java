package org.estuary.profile.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.estuary.profile.entity.AuthMode;
import org.estuary.profile.entity.EstProfile;
import org.estuary.profile.entity.ServerKeyGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EstProfileConfigurationTest {

    @TempDir
    static Path files;

    @Test
    void withoutLabelsOneAnonymousProfileServesTheRoot() {
        EstProfileConfiguration.Outcome outcome = read(Map.of());

        assertEquals(List.of(), outcome.problems());
        EstProfile root = outcome.profiles().get(0);
        assertEquals(1, outcome.profiles().size());
        assertTrue(root.isRoot());
        assertEquals("default", root.name());
        assertEquals("iss-local", root.issuerId());
        assertTrue(root.authentication().isAnonymous());
        assertFalse(root.serverKeygen().enabled());
    }

    @Test
    void theRootProfileReadsItsSettingsWithoutALabel() {
        EstProfileConfiguration.Outcome outcome = read(Map.of("est.issuer-id", "iss-other", "est.profile-id", "cp-root",
                "est.serverkeygen-enabled", "TRUE", "est.serverkeygen-key-algorithm", "rsa-3072",
                "est.manual-approval", "true", "est.manual-approval-retry-after", "7"));

        EstProfile root = outcome.profiles().get(0);
        assertEquals(List.of(), outcome.problems());
        assertEquals("iss-other", root.issuerId());
        assertEquals(Optional.of("cp-root"), root.certificateProfileId());
        assertTrue(root.serverKeygen().enabled());
        assertEquals(ServerKeyGeneration.RSA_3072, root.serverKeygen().keyAlgorithm());
        assertEquals(new EstProfile.Approval(true, 7), root.approval());
    }

    @Test
    void eachListedLabelIsAProfileWithItsOwnSettings() throws Exception {
        Path bundle = Files.writeString(files.resolve("bootstrap-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Map<String, String> config = new HashMap<>(Map.of("est.profiles", " corp, iot ,wifi",
                "est.profile.corp.issuer-id", "iss-local", "est.profile.corp.profile-id", "cp-corp",
                "est.profile.corp.allowed-auth-modes", "basic", "est.profile.corp.enrollment-password", "s3cret",
                "est.profile.iot.issuer-id", "iss-local", "est.profile.iot.rate-limit-per-principal-24h", "3",
                "est.profile.wifi.issuer-id", "iss-wifi", "est.profile.wifi.allowed-auth-modes", "mtls, basic",
                "est.profile.wifi.mtls-enabled", "true"));
        config.put("est.profile.wifi.mtls-client-ca-trust-bundle-path", bundle.toString());
        config.put("est.profile.wifi.enrollment-password-file", Files.writeString(files.resolve("wifi-password"), "pw\n").toString());

        EstProfileConfiguration.Outcome outcome = read(config);

        assertEquals(List.of(), outcome.problems());
        assertEquals(List.of("corp", "iot", "wifi"), outcome.profiles().stream().map(EstProfile::label).toList());
        EstProfile corp = outcome.profiles().get(0);
        EstProfile iot = outcome.profiles().get(1);
        EstProfile wifi = outcome.profiles().get(2);
        assertEquals(Set.of(AuthMode.BASIC), corp.authentication().modes());
        assertTrue(corp.authentication().enrollmentPassword().orElseThrow().matches("s3cret".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), iot.certificateProfileId());
        assertEquals(3, iot.authentication().rateLimitPerPrincipal24h());
        assertTrue(iot.authentication().isAnonymous());
        assertEquals("iss-wifi", wifi.issuerId());
        assertEquals(Set.of(AuthMode.MTLS, AuthMode.BASIC), wifi.authentication().modes());
        assertTrue(wifi.authentication().enrollmentPassword().orElseThrow().matches("pw".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of(bundle), wifi.authentication().mtlsTrustBundle());
    }

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                Arguments.of(Map.of("est.profiles", "Corp", "est.profile.Corp.issuer-id", "iss-local"),
                        "EST configuration: est.profiles (EST_PROFILES) label 'Corp' must be lower-case letters, digits and inner hyphens"),
                Arguments.of(Map.of("est.profiles", "-iot", "est.profile.-iot.issuer-id", "iss-local"),
                        "EST configuration: est.profiles (EST_PROFILES) label '-iot' must be lower-case letters, digits and inner hyphens"),
                Arguments.of(Map.of("est.profiles", "iot,,wifi", "est.profile.iot.issuer-id", "i", "est.profile.wifi.issuer-id", "i"),
                        "EST configuration: est.profiles (EST_PROFILES) label '' must be lower-case letters, digits and inner hyphens"),
                Arguments.of(Map.of("est.profiles", "iot,iot", "est.profile.iot.issuer-id", "iss-local"),
                        "EST configuration: est.profiles (EST_PROFILES) label 'iot' is listed twice"),
                Arguments.of(Map.of("est.profiles", "est", "est.profile.est.issuer-id", "iss-local"),
                        "EST configuration: est.profiles (EST_PROFILES) label 'est' is reserved"),
                Arguments.of(Map.of("est.profiles", "iot"),
                        "EST profile iot: est.profile.iot.issuer-id (EST_PROFILE_IOT_ISSUER_ID) is required: the issuer that signs for this profile"),
                Arguments.of(labelled("allowed-auth-modes", ",ldap"),
                        "EST profile iot: est.profile.iot.allowed-auth-modes (EST_PROFILE_IOT_ALLOWED_AUTH_MODES) unknown mode 'ldap' (mtls, basic)"),
                Arguments.of(labelled("allowed-auth-modes", "basic"),
                        "EST profile iot: est.profile.iot.enrollment-password (EST_PROFILE_IOT_ENROLLMENT_PASSWORD) is required when allowed-auth-modes has basic"),
                Arguments.of(labelled("channel-binding-required", "true"),
                        "EST profile iot: est.profile.iot.channel-binding-required (EST_PROFILE_IOT_CHANNEL_BINDING_REQUIRED) needs mtls-enabled=true: the binding ties the CSR to a client certificate"),
                Arguments.of(labelled("mtls-client-ca-trust-bundle-path", "/nonexistent/bundle.pem"),
                        "EST profile iot: est.profile.iot.mtls-client-ca-trust-bundle-path (EST_PROFILE_IOT_MTLS_CLIENT_CA_TRUST_BUNDLE_PATH) cannot read /nonexistent/bundle.pem"),
                Arguments.of(labelled("serverkeygen-enabled", "yes"),
                        "EST profile iot: est.profile.iot.serverkeygen-enabled (EST_PROFILE_IOT_SERVERKEYGEN_ENABLED) must be true or false, not 'yes'"),
                Arguments.of(labelled("serverkeygen-key-algorithm", "DSA-1024"),
                        "EST profile iot: est.profile.iot.serverkeygen-key-algorithm (EST_PROFILE_IOT_SERVERKEYGEN_KEY_ALGORITHM) unknown serverkeygen key algorithm 'DSA-1024' (EC-P256, EC-P384, RSA-2048, RSA-3072 or RSA-4096)"),
                Arguments.of(labelled("rate-limit-per-principal-24h", "-1"),
                        "EST profile iot: est.profile.iot.rate-limit-per-principal-24h (EST_PROFILE_IOT_RATE_LIMIT_PER_PRINCIPAL_24H) must be a whole number of at least 0, not '-1'"),
                Arguments.of(labelled("manual-approval-retry-after", "soon"),
                        "EST profile iot: est.profile.iot.manual-approval-retry-after (EST_PROFILE_IOT_MANUAL_APPROVAL_RETRY_AFTER) must be a whole number of at least 1, not 'soon'"),
                Arguments.of(labelled("enrollment-password-file", "/nonexistent/password"),
                        "EST profile iot: est.profile.iot.enrollment-password-file (EST_PROFILE_IOT_ENROLLMENT_PASSWORD_FILE) cannot read /nonexistent/password"));
    }

    @ParameterizedTest
    @MethodSource("badConfigurations")
    void aBadSettingIsOneProblemNamingTheProfileAndTheKey(Map<String, String> config, String problem) {
        assertEquals(List.of(problem), read(config).problems());
    }

    @Test
    void mtlsNeedsTheRouteSwitchedOnAndATrustBundle() {
        assertEquals(List.of(
                "EST profile iot: est.profile.iot.mtls-enabled (EST_PROFILE_IOT_MTLS_ENABLED) must be true when allowed-auth-modes has mtls",
                "EST profile iot: est.profile.iot.mtls-client-ca-trust-bundle-path (EST_PROFILE_IOT_MTLS_CLIENT_CA_TRUST_BUNDLE_PATH) is required when allowed-auth-modes has mtls"),
                read(labelled("allowed-auth-modes", "mtls")).problems());
    }

    @Test
    void channelBindingNeedsJdk25() {
        Map<String, String> config = new HashMap<>(labelled("mtls-enabled", "true"));
        config.put("est.profile.iot.channel-binding-required", "true");

        assertEquals(List.of("EST profile iot: est.profile.iot.channel-binding-required (EST_PROFILE_IOT_CHANNEL_BINDING_REQUIRED)"
                + " needs JDK 25 or newer for the RFC 9266 tls-exporter; this JVM is 17"),
                EstProfileConfiguration.read(key -> Optional.ofNullable(config.get(key)), 17).problems());
        assertEquals(List.of(), EstProfileConfiguration.read(key -> Optional.ofNullable(config.get(key)), 25).problems());
    }

    @Test
    void environmentNamesAreWhatMicroProfileConfigMaps() {
        assertEquals("EST_PROFILE_MY_FLEET_ISSUER_ID", EstProfileConfiguration.environmentName("est.profile.my-fleet.issuer-id"));
    }

    private static Map<String, String> labelled(String key, String value) {
        return Map.of("est.profiles", "iot", "est.profile.iot.issuer-id", "iss-local", "est.profile.iot." + key, value);
    }

    private static EstProfileConfiguration.Outcome read(Map<String, String> config) {
        return EstProfileConfiguration.read(key -> Optional.ofNullable(config.get(key)), 25);
    }
}
