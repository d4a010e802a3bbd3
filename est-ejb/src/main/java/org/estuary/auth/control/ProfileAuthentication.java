package org.estuary.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.estuary.auth.entity.TrustBundle;
import org.estuary.ca.control.IssuedCertificates;
import org.estuary.enrollment.entity.BasicAuthenticationFailed;
import org.estuary.enrollment.entity.BasicCredentials;
import org.estuary.enrollment.entity.EnrollmentRequest;
import org.estuary.enrollment.entity.EstRoute;
import org.estuary.enrollment.entity.MtlsAuthenticationFailed;
import org.estuary.enrollment.entity.RateLimited;
import org.estuary.profile.entity.AuthMode;
import org.estuary.profile.entity.EstProfile;

/**
 * RFC 7030 §3.2.3 and §3.3.2: what a profile demands of a client before an enrollment is looked at.
 * On the mTLS route, a client certificate that chains to the profile's own trust bundle (a
 * certificate vouched for only by another profile's bundle is refused) and that is not one of our
 * own certificates revoked since; on the other route,
 * nothing for an anonymous profile, else the profile's enrollment password (the user name is the
 * client's to choose and is only recorded), compared in constant time, with sources that fail too
 * often locked out.
 */
@ApplicationScoped
public class ProfileAuthentication {

    @Inject
    TrustBundles trustBundles;

    @Inject
    AbuseLimits abuseLimits;

    @Inject
    IssuedCertificates issuedCertificates;

    private final Clock clock = Clock.systemUTC();

    /**
     * The principal the request authenticated as, or empty when the profile asks nothing.
     *
     * @param renewal a re-enrollment: on the mTLS route the certificate being renewed authenticates
     *     it, judged against our own CA and records rather than the bootstrap trust bundle
     */
    public Optional<String> admit(EnrollmentRequest request, boolean renewal) throws MtlsAuthenticationFailed,
            BasicAuthenticationFailed, RateLimited {
        EstProfile profile = request.profile();
        if (request.route() == EstRoute.EST_MTLS) {
            return renewal ? Optional.empty() : Optional.of(trustedClient(profile, request));
        }
        if (!profile.authentication().modes().contains(AuthMode.BASIC)) {
            return Optional.empty();
        }
        abuseLimits.requireNotLockedOut(profile, request.sourceAddress());
        BasicCredentials presented = request.credentials().orElseThrow(() ->
                new BasicAuthenticationFailed("this profile requires HTTP Basic authentication"));
        boolean matches = profile.authentication().enrollmentPassword()
                .map(secret -> secret.matches(presented.password())).orElse(false);
        if (!matches) {
            abuseLimits.recordFailedBasic(profile, request.sourceAddress());
            throw new BasicAuthenticationFailed("wrong enrollment password");
        }
        return Optional.of(presented.user());
    }

    /** Whether {@code presented} is, byte for byte, a certificate we issued and have revoked since. */
    private boolean revokedOnRecord(X509Certificate presented) {
        byte[] encoded;
        try {
            encoded = presented.getEncoded();
        } catch (CertificateEncodingException unreadable) {
            return false;
        }
        return issuedCertificates.withSerial(presented.getSerialNumber()).stream()
                .anyMatch(record -> record.isRevoked() && Arrays.equals(record.getDer(), encoded));
    }

    private String trustedClient(EstProfile profile, EnrollmentRequest request) throws MtlsAuthenticationFailed {
        if (request.clientChain().isEmpty()) {
            throw new MtlsAuthenticationFailed("this route requires a TLS client certificate");
        }
        X509Certificate presented = request.clientChain().get(0);
        String subject = presented.getSubjectX500Principal().getName();
        Instant now = clock.instant();
        if (presented.getNotAfter().toInstant().isBefore(now)) {
            throw new MtlsAuthenticationFailed("client certificate " + subject + " has expired");
        }
        TrustBundle bundle = trustBundles.of(profile).orElseThrow(() ->
                new IllegalStateException("EST profile " + profile.name() + " serves mTLS without a trust bundle"));
        if (!bundle.trusts(request.clientChain(), now)) {
            throw new MtlsAuthenticationFailed("client certificate " + subject + " does not chain to this profile's trust bundle");
        }
        if (revokedOnRecord(presented)) {
            throw new MtlsAuthenticationFailed("client certificate " + subject + " is revoked");
        }
        return subject;
    }
}
