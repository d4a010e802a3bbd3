package org.estuary.ca.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.estuary.ca.control.IssuerConfiguration.OnToken;
import org.estuary.ca.control.IssuerConfiguration.Outcome;
import org.estuary.ca.control.IssuerConfiguration.Upstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link IssuerConfiguration} on plain maps of settings: without {@code est.issuers} there are no
 * further issuers; a complete pkcs11 or upstream-est definition is read as written, with its defaults;
 * and each mistake is exactly one problem line that names the setting to fix, and drops the issuer.
 */
class IssuerConfigurationTest {

    private static final String LOCAL = "iss-local";

    @TempDir
    Path dir;

    private Path library;
    private Path pin;
    private Path chain;
    private Path trustBundle;
    private Path keystore;
    private Path keystorePassword;
    private Path password;

    @BeforeEach
    void files() throws Exception {
        library = Files.writeString(dir.resolve("libtoken.so"), "");
        pin = Files.writeString(dir.resolve("pin"), "1234");
        chain = Files.writeString(dir.resolve("chain.pem"), "");
        trustBundle = Files.writeString(dir.resolve("upstream-ca.pem"), "");
        keystore = Files.writeString(dir.resolve("ra.p12"), "");
        keystorePassword = Files.writeString(dir.resolve("ra.password"), "secret");
        password = Files.writeString(dir.resolve("upstream.password"), "secret");
    }

    @Test
    void nothingConfiguredMeansNoFurtherIssuers() {
        Outcome outcome = IssuerConfiguration.read(key -> Optional.empty(), LOCAL);
        Outcome blank = read(Map.of("est.issuers", "  "));

        assertEquals(List.of(), outcome.issuers());
        assertEquals(List.of(), outcome.problems());
        assertEquals(List.of(), blank.issuers());
        assertEquals(List.of(), blank.problems());
    }

    @Test
    void readsAPkcs11Issuer() {
        Map<String, String> settings = pkcs11("iss-hsm");
        settings.put("est.issuer.iss-hsm.pkcs11-slot", "1794573214");
        settings.put("est.issuer.iss-hsm.certificate-chain", chain.toString());

        Outcome outcome = read(settings);

        assertEquals(List.of(), outcome.problems());
        assertEquals(List.of(new OnToken("iss-hsm", new Pkcs11Token(library, 1794573214L, 0, pin, "estuary-ca", chain))),
                outcome.issuers());
    }

    @Test
    void aPkcs11IssuerWithoutSlotTakesTheSlotListIndexAndTheTokensCertificate() {
        Map<String, String> settings = pkcs11("iss-hsm");
        settings.put("est.issuer.iss-hsm.pkcs11-slot-list-index", "2");

        Pkcs11Token token = ((OnToken) only(read(settings))).token();

        assertNull(token.slot());
        assertEquals(2, token.slotListIndex());
        assertNull(token.certificateChain());
    }

    @Test
    void readsAnUpstreamEstIssuer() {
        Map<String, String> settings = upstream("iss-ra");
        settings.put("est.issuer.iss-ra.ra-keystore", keystore.toString());
        settings.put("est.issuer.iss-ra.ra-keystore-password-file", keystorePassword.toString());
        settings.put("est.issuer.iss-ra.upstream-username", "ra-user");
        settings.put("est.issuer.iss-ra.upstream-password-file", password.toString());
        settings.put("est.issuer.iss-ra.upstream-timeout", "PT5S");

        Outcome outcome = read(settings);

        assertEquals(List.of(), outcome.problems());
        assertEquals(List.of(new Upstream("iss-ra", new UpstreamEstClient(URI.create("https://ca.example.net:8443/.well-known/est/ra"),
                trustBundle, keystore, keystorePassword, "ra-user", password, Duration.ofSeconds(5)))), outcome.issuers());
    }

    @Test
    void anUpstreamEstIssuerNeedsNoCredentialsAndWaitsThirtySecondsByDefault() {
        UpstreamEstClient client = ((Upstream) only(read(upstream("iss-ra")))).client();

        assertEquals(new UpstreamEstClient(URI.create("https://ca.example.net:8443/.well-known/est/ra"), trustBundle,
                null, null, null, null, Duration.ofSeconds(30)), client);
    }

    @Test
    void readsSeveralIssuersInTheirOrder() {
        Map<String, String> settings = pkcs11("iss-hsm");
        settings.putAll(upstream("iss-ra"));
        settings.put("est.issuers", " iss-ra , iss-hsm ");

        Outcome outcome = read(settings);

        assertEquals(List.of(), outcome.problems());
        assertEquals(List.of("iss-ra", "iss-hsm"), outcome.issuers().stream().map(IssuerConfiguration.Definition::id).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Iss-HSM", "iss_hsm", "-iss", "iss-", ""})
    void aBadIdIsOneProblemNamingEstIssuers(String id) {
        Map<String, String> settings = pkcs11("iss-hsm");
        settings.put("est.issuers", "iss-hsm," + id);

        Outcome outcome = read(settings);

        assertOneProblem(outcome, "est.issuers: issuer id '" + id + "'");
        assertEquals(1, outcome.issuers().size(), "the good issuer is still read");
    }

    @Test
    void anIdListedTwiceIsOneProblem() {
        Map<String, String> settings = pkcs11("iss-hsm");
        settings.put("est.issuers", "iss-hsm,iss-hsm");

        Outcome outcome = read(settings);

        assertOneProblem(outcome, "est.issuers: issuer id 'iss-hsm' is taken");
        assertEquals(1, outcome.issuers().size());
    }

    @Test
    void theLocalCasIdIsTaken() {
        Map<String, String> settings = pkcs11(LOCAL);

        Outcome outcome = read(settings);

        assertOneProblem(outcome, "est.issuers: issuer id 'iss-local' is taken");
        assertEquals(List.of(), outcome.issuers());
    }

    @Test
    void anUnknownOrMissingTypeIsOneProblemNamingTheTypeKey() {
        Map<String, String> unknown = pkcs11("iss-hsm");
        unknown.put("est.issuer.iss-hsm.type", "pkcs12");
        Map<String, String> missing = pkcs11("iss-hsm");
        missing.remove("est.issuer.iss-hsm.type");

        assertRefused(read(unknown), "est.issuer.iss-hsm.type: must be pkcs11 or upstream-est, not 'pkcs12'");
        assertRefused(read(missing), "est.issuer.iss-hsm.type: must be pkcs11 or upstream-est, not ''");
    }

    @ParameterizedTest
    @ValueSource(strings = {"key-label", "pin-file", "pkcs11-library"})
    void aMissingPkcs11SettingIsOneProblemNamingIt(String key) {
        Map<String, String> settings = pkcs11("iss-hsm");
        settings.remove("est.issuer.iss-hsm." + key);

        assertRefused(read(settings), "est.issuer.iss-hsm." + key + ": is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"upstream-url", "upstream-trust-bundle"})
    void aMissingUpstreamSettingIsOneProblemNamingIt(String key) {
        Map<String, String> settings = upstream("iss-ra");
        settings.remove("est.issuer.iss-ra." + key);

        assertRefused(read(settings), "est.issuer.iss-ra." + key + ": is required");
    }

    @Test
    void credentialsWithoutTheirSecretFileAreOneProblem() {
        Map<String, String> user = upstream("iss-ra");
        user.put("est.issuer.iss-ra.upstream-username", "ra-user");
        Map<String, String> keystoreOnly = upstream("iss-ra");
        keystoreOnly.put("est.issuer.iss-ra.ra-keystore", keystore.toString());

        assertRefused(read(user), "est.issuer.iss-ra.upstream-password-file: is required");
        assertRefused(read(keystoreOnly), "est.issuer.iss-ra.ra-keystore-password-file: is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs11-library", "pin-file", "certificate-chain"})
    void anUnreadablePkcs11FileIsOneProblemNamingTheKeyAndFile(String key) {
        Path absent = dir.resolve("absent-" + key);
        Map<String, String> settings = pkcs11("iss-hsm");
        settings.put("est.issuer.iss-hsm." + key, absent.toString());

        assertRefused(read(settings), "est.issuer.iss-hsm." + key + ": cannot read " + absent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"upstream-trust-bundle", "ra-keystore", "upstream-password-file"})
    void anUnreadableUpstreamFileIsOneProblemNamingTheKeyAndFile(String key) {
        Path absent = dir.resolve("absent-" + key);
        Map<String, String> settings = upstream("iss-ra");
        settings.put("est.issuer.iss-ra.ra-keystore", keystore.toString());
        settings.put("est.issuer.iss-ra.ra-keystore-password-file", keystorePassword.toString());
        settings.put("est.issuer.iss-ra.upstream-username", "ra-user");
        settings.put("est.issuer.iss-ra.upstream-password-file", password.toString());
        settings.put("est.issuer.iss-ra." + key, absent.toString());

        assertRefused(read(settings), "est.issuer.iss-ra." + key + ": cannot read " + absent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://ca.example.net/.well-known/est", "https://ca.example.net/.well-known/est?label=ra",
            "https://user:pw@ca.example.net/.well-known/est", "https://ca.example.net/.well-known/est#ra",
            "https://ca.example.net", "https:///.well-known/est", "ca.example.net/.well-known/est"})
    void anUpstreamUrlThatIsNoHttpsBaseUrlIsOneProblem(String url) {
        Map<String, String> settings = upstream("iss-ra");
        settings.put("est.issuer.iss-ra.upstream-url", url);

        assertRefused(read(settings), "est.issuer.iss-ra.upstream-url: must be https://host[:port]/.well-known/est[/label]");
    }

    @Test
    void anUpstreamUrlThatIsNoUrlIsOneProblem() {
        Map<String, String> settings = upstream("iss-ra");
        settings.put("est.issuer.iss-ra.upstream-url", "https://ca example/est");

        assertRefused(read(settings), "est.issuer.iss-ra.upstream-url: is not a URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "30", "PT0S", "-PT5S", "P30D"})
    void aBadTimeoutIsOneProblemNamingIt(String timeout) {
        Map<String, String> settings = upstream("iss-ra");
        settings.put("est.issuer.iss-ra.upstream-timeout", timeout);

        assertRefused(read(settings), "est.issuer.iss-ra.upstream-timeout: must be ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs11-slot", "pkcs11-slot-list-index"})
    void aNegativeSlotIsOneProblemNamingIt(String key) {
        Map<String, String> settings = pkcs11("iss-hsm");
        settings.put("est.issuer.iss-hsm." + key, "-1");

        assertRefused(read(settings), "est.issuer.iss-hsm." + key + ": must not be negative");
    }

    @Test
    void aSlotThatIsNoNumberIsOneProblemNamingIt() {
        Map<String, String> settings = pkcs11("iss-hsm");
        settings.put("est.issuer.iss-hsm.pkcs11-slot", "first");

        assertRefused(read(settings), "est.issuer.iss-hsm.pkcs11-slot: must be a whole number");
    }

    @Test
    void eachIssuersProblemsAreReportedTogether() {
        Map<String, String> settings = pkcs11("iss-hsm");
        settings.putAll(upstream("iss-ra"));
        settings.put("est.issuers", "iss-hsm,iss-ra");
        settings.remove("est.issuer.iss-hsm.key-label");
        settings.put("est.issuer.iss-ra.upstream-url", "http://ca.example.net/.well-known/est");

        Outcome outcome = read(settings);

        assertEquals(List.of(), outcome.issuers());
        assertEquals(2, outcome.problems().size(), outcome.problems().toString());
        assertTrue(outcome.problems().get(0).startsWith("est.issuer.iss-hsm.key-label: "), outcome.problems().toString());
        assertTrue(outcome.problems().get(1).startsWith("est.issuer.iss-ra.upstream-url: "), outcome.problems().toString());
    }

    private Map<String, String> pkcs11(String id) {
        Map<String, String> settings = new HashMap<>();
        settings.put("est.issuers", id);
        settings.put("est.issuer." + id + ".type", "pkcs11");
        settings.put("est.issuer." + id + ".pkcs11-library", library.toString());
        settings.put("est.issuer." + id + ".pin-file", pin.toString());
        settings.put("est.issuer." + id + ".key-label", "estuary-ca");
        return settings;
    }

    private Map<String, String> upstream(String id) {
        Map<String, String> settings = new HashMap<>();
        settings.put("est.issuers", id);
        settings.put("est.issuer." + id + ".type", "upstream-est");
        settings.put("est.issuer." + id + ".upstream-url", "https://ca.example.net:8443/.well-known/est/ra");
        settings.put("est.issuer." + id + ".upstream-trust-bundle", trustBundle.toString());
        return settings;
    }

    private static Outcome read(Map<String, String> settings) {
        return IssuerConfiguration.read(key -> Optional.ofNullable(settings.get(key)), LOCAL);
    }

    private static IssuerConfiguration.Definition only(Outcome outcome) {
        assertEquals(List.of(), outcome.problems());
        assertEquals(1, outcome.issuers().size(), outcome.issuers().toString());
        return outcome.issuers().get(0);
    }

    /** Exactly one problem, one line starting with {@code start} (which names the setting). */
    private static void assertOneProblem(Outcome outcome, String start) {
        assertEquals(1, outcome.problems().size(), outcome.problems().toString());
        String problem = outcome.problems().get(0);
        assertTrue(problem.startsWith(start), problem);
        assertFalse(problem.contains("\n"), "one line: " + problem);
    }

    /** The only issuer configured is dropped, for exactly one problem starting with {@code start}. */
    private static void assertRefused(Outcome outcome, String start) {
        assertOneProblem(outcome, start);
        assertEquals(List.of(), outcome.issuers());
    }
}
