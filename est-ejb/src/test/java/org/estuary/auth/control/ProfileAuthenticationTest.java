package org.estuary.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.estuary.audit.entity.AuditAction;
import org.estuary.ca.control.IssuedCertificates;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.ca.entity.IssuedCertificateFacts;
import org.estuary.enrollment.entity.BasicAuthenticationFailed;
import org.estuary.enrollment.entity.BasicCredentials;
import org.estuary.enrollment.entity.EnrollmentRequest;
import org.estuary.enrollment.entity.EstRoute;
import org.estuary.enrollment.entity.MtlsAuthenticationFailed;
import org.estuary.enrollment.entity.RateLimited;
import org.estuary.profile.entity.AuthMode;
import org.estuary.profile.entity.EstProfile;
import org.estuary.profile.entity.ServerKeyGeneration;
import org.estuary.profile.entity.SharedSecret;
import org.estuary.revocation.entity.RevocationReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileAuthenticationTest {

    private static final String SOURCE = "192.0.2.7";

    @TempDir
    static Path files;

    private static KeyPair bootstrapCaKeys;
    private static X509Certificate bootstrapCa;
    private static KeyPair otherCaKeys;
    private static X509Certificate otherCa;

    @BeforeAll
    static void certificateAuthorities() throws Exception {
        bootstrapCaKeys = ecKeys();
        bootstrapCa = certificate("CN=Factory Bootstrap CA", bootstrapCaKeys, "CN=Factory Bootstrap CA", bootstrapCaKeys, true,
                Instant.now().plus(Duration.ofDays(365)));
        otherCaKeys = ecKeys();
        otherCa = certificate("CN=Other Fleet CA", otherCaKeys, "CN=Other Fleet CA", otherCaKeys, true,
                Instant.now().plus(Duration.ofDays(365)));
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T00:00:00Z"));

    @Test
    void anAnonymousProfileAdmitsEveryoneAsNobody() throws Exception {
        assertEquals(Optional.empty(), authentication().admit(request(profile(Set.of(), null), EstRoute.EST, null, List.of()), false));
    }

    @Test
    void aBasicProfileAdmitsItsPasswordWhateverTheUserName() throws Exception {
        assertEquals(Optional.of("sensor-17"), authentication().admit(basic("sensor-17:fleet-secret"), false));
    }

    @Test
    void aBasicProfileRefusesNoCredentialsAndWrongPasswordsAsBasicAuthFailures() {
        ProfileAuthentication authentication = authentication();
        BasicAuthenticationFailed none = assertThrows(BasicAuthenticationFailed.class,
                () -> authentication.admit(request(basicProfile(), EstRoute.EST, null, List.of()), false));
        BasicAuthenticationFailed wrong = assertThrows(BasicAuthenticationFailed.class,
                () -> authentication.admit(basic("sensor-17:fleet-secreT"), false));

        assertEquals("this profile requires HTTP Basic authentication", none.getMessage());
        assertEquals("wrong enrollment password", wrong.getMessage());
        assertEquals(AuditAction.AUTH_FAILED_BASIC, wrong.auditAction(AuditAction.SIMPLE_ENROLL_FAILED));
    }

    @Test
    void tenWrongPasswordsLockTheSourceOutUntilTheOldestIsAnHourOld() throws Exception {
        ProfileAuthentication authentication = authentication();
        for (int i = 0; i < 10; i++) {
            assertThrows(BasicAuthenticationFailed.class, () -> authentication.admit(basic("device:guess"), false));
            clock.advance(Duration.ofMinutes(1));
        }

        RateLimited locked = assertThrows(RateLimited.class, () -> authentication.admit(basic("device:fleet-secret"), false));
        assertEquals("too many failed authentication attempts from " + SOURCE, locked.getMessage());
        assertEquals(Duration.ofMinutes(50).toSeconds() + 1, locked.retryAfterSeconds());
        assertEquals(AuditAction.RATE_LIMITED, locked.auditAction(AuditAction.SIMPLE_ENROLL_FAILED));

        clock.advance(Duration.ofMinutes(50));
        assertEquals(Optional.of("device"), authentication.admit(basic("device:fleet-secret"), false), "the window has moved on");
    }

    @Test
    void challengesWithoutCredentialsDoNotCountTowardsTheLockout() throws Exception {
        ProfileAuthentication authentication = authentication();
        for (int i = 0; i < 20; i++) {
            assertThrows(BasicAuthenticationFailed.class,
                    () -> authentication.admit(request(basicProfile(), EstRoute.EST, null, List.of()), false));
        }

        assertEquals(Optional.of("device"), authentication.admit(basic("device:fleet-secret"), false));
    }

    @Test
    void theMtlsRouteAdmitsACertificateOfTheProfilesBundleAndNamesItsSubject() throws Exception {
        X509Certificate device = leaf("CN=sensor-5", bootstrapCaKeys, bootstrapCa, Instant.now().plus(Duration.ofDays(30)));

        assertEquals(Optional.of("CN=sensor-5"), authentication().admit(mtls(device), false));
    }

    @Test
    void theMtlsRouteRefusesOtherFleetsExpiredAndMissingCertificates() throws Exception {
        ProfileAuthentication authentication = authentication();
        X509Certificate foreign = leaf("CN=intruder", otherCaKeys, otherCa, Instant.now().plus(Duration.ofDays(30)));
        X509Certificate expired = leaf("CN=old-sensor", bootstrapCaKeys, bootstrapCa, Instant.now().minus(Duration.ofDays(1)));
        KeyPair selfKeys = ecKeys();
        X509Certificate selfSigned = certificate("CN=self", selfKeys, "CN=self", selfKeys, false, Instant.now().plus(Duration.ofDays(1)));

        assertEquals("client certificate CN=intruder does not chain to this profile's trust bundle",
                assertThrows(MtlsAuthenticationFailed.class, () -> authentication.admit(mtls(foreign), false)).getMessage());
        assertEquals("client certificate CN=old-sensor has expired",
                assertThrows(MtlsAuthenticationFailed.class, () -> authentication.admit(mtls(expired), false)).getMessage());
        assertThrows(MtlsAuthenticationFailed.class, () -> authentication.admit(mtls(selfSigned), false));
        MtlsAuthenticationFailed none = assertThrows(MtlsAuthenticationFailed.class,
                () -> authentication.admit(request(mtlsProfile(), EstRoute.EST_MTLS, null, List.of()), false));
        assertEquals("this route requires a TLS client certificate", none.getMessage());
        assertEquals(AuditAction.AUTH_FAILED_MTLS, none.auditAction(AuditAction.SIMPLE_ENROLL_FAILED));
    }

    @Test
    void theMtlsRouteRefusesOneOfOurCertificatesOnceItIsRevoked() throws Exception {
        X509Certificate device = leaf("CN=sensor-6", bootstrapCaKeys, bootstrapCa, Instant.now().plus(Duration.ofDays(30)));
        IssuedCertificate record = new IssuedCertificate(IssuedCertificateFacts.of("iss-local", device), "wifi", null,
                IssuedCertificate.SOURCE_EST, SOURCE, LocalDateTime.now());
        ProfileAuthentication authentication = authentication();
        authentication.issuedCertificates = onRecord(record);
        assertEquals(Optional.of("CN=sensor-6"), authentication.admit(mtls(device), false), "on record, not revoked");

        record.revoke(RevocationReason.KEY_COMPROMISE, LocalDateTime.now());

        MtlsAuthenticationFailed refused = assertThrows(MtlsAuthenticationFailed.class,
                () -> authentication.admit(mtls(device), false));
        assertEquals("client certificate CN=sensor-6 is revoked", refused.getMessage());
        assertEquals(AuditAction.AUTH_FAILED_MTLS, refused.auditAction(AuditAction.SIMPLE_ENROLL_FAILED));
    }

    @Test
    void aRenewalOnTheMtlsRouteIsLeftToTheCertificateBeingRenewed() throws Exception {
        X509Certificate ours = leaf("CN=issued-by-us", otherCaKeys, otherCa, Instant.now().plus(Duration.ofDays(30)));

        assertEquals(Optional.empty(), authentication().admit(mtls(ours), true));
    }

    @Test
    void onlyWellFormedBasicHeadersAreCredentials() {
        assertEquals(Optional.empty(), BasicCredentials.fromAuthorization(null));
        assertEquals(Optional.empty(), BasicCredentials.fromAuthorization("Bearer abc"));
        assertEquals(Optional.empty(), BasicCredentials.fromAuthorization("Basic !!!"));
        assertEquals(Optional.empty(), BasicCredentials.fromAuthorization("Basic " + base64("no-colon")));
        BasicCredentials parsed = BasicCredentials.fromAuthorization("basic " + base64("user:pa:ss")).orElseThrow();
        assertEquals("user", parsed.user());
        assertEquals("pa:ss", new String(parsed.password(), StandardCharsets.UTF_8));
        assertEquals("BasicCredentials[user, password redacted]", parsed.toString());
    }

    private ProfileAuthentication authentication() {
        ProfileAuthentication authentication = new ProfileAuthentication();
        authentication.abuseLimits = new AbuseLimits(new InMemoryRateLimitStore(100), clock);
        authentication.trustBundles = new TrustBundles();
        authentication.trustBundles.load(mtlsProfile());
        authentication.issuedCertificates = onRecord();
        return authentication;
    }

    /** The record of issued certificates, holding {@code records} only. */
    private static IssuedCertificates onRecord(IssuedCertificate... records) {
        return new IssuedCertificates() {
            @Override
            public List<IssuedCertificate> withSerial(BigInteger serialNumber) {
                return List.of(records).stream()
                        .filter(record -> record.getSerialNumber().equals(serialNumber.toString(16))).toList();
            }
        };
    }

    private EnrollmentRequest basic(String userAndPassword) {
        return request(basicProfile(), EstRoute.EST, "Basic " + base64(userAndPassword), List.of());
    }

    private EnrollmentRequest mtls(X509Certificate device) {
        return request(mtlsProfile(), EstRoute.EST_MTLS, null, List.of(device));
    }

    private static EnrollmentRequest request(EstProfile profile, EstRoute route, String authorization,
            List<X509Certificate> chain) {
        return new EnrollmentRequest(profile, route, new byte[0], chain, BasicCredentials.fromAuthorization(authorization), SOURCE,
                Optional.empty());
    }

    private static EstProfile basicProfile() {
        return profile(Set.of(AuthMode.BASIC), null);
    }

    private static EstProfile mtlsProfile() {
        try {
            Path bundle = files.resolve("bootstrap-ca.pem");
            if (!Files.exists(bundle)) {
                Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder().encodeToString(bootstrapCa.getEncoded()) + "\n-----END CERTIFICATE-----\n");
            }
            return profile(Set.of(AuthMode.MTLS), bundle);
        } catch (Exception unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }

    private static EstProfile profile(Set<AuthMode> modes, Path bundle) {
        return new EstProfile("fleet", "fleet", "iss-local", Optional.empty(),
                new EstProfile.Authentication(modes, Optional.of(new SharedSecret("fleet-secret")), bundle != null,
                        Optional.ofNullable(bundle), false, 0),
                new EstProfile.ServerKeygen(false, ServerKeyGeneration.EC_P256, false), new EstProfile.Approval(false, 60), false);
    }

    private static X509Certificate leaf(String subject, KeyPair caKeys, X509Certificate ca, Instant notAfter) throws Exception {
        return certificate(subject, ecKeys(), ca.getSubjectX500Principal().getName(), caKeys, false, notAfter);
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
            boolean ca, Instant notAfter) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minus(Duration.ofDays(2))), Date.from(notAfter),
                new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
