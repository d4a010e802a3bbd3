package org.estuary.enrollment.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.estuary.ca.control.IssuedCertificates;
import org.estuary.ca.control.CaKey;
import org.estuary.ca.control.Issuer;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.enrollment.entity.AuthenticationRequired;

/**
 * RFC 7030 §4.2.2 and §3.3.2: a re-enrollment is authenticated by the certificate being renewed,
 * presented as the TLS client certificate (the handshake proved possession of its key). It must be
 * signed by the profile's issuer, be within its validity period, be on our record byte for byte,
 * have been issued under the same EST profile (profiles are isolated), and not be revoked.
 */
@ApplicationScoped
public class RenewalAuthentication {

    @Inject
    IssuedCertificates issuedCertificates;

    @Inject
    Provider provider;

    private final Clock clock = Clock.systemUTC();

    /** The record of the certificate {@code clientChain} renews, or the reason it cannot renew one. */
    public IssuedCertificate certificateBeingRenewed(List<X509Certificate> clientChain, Issuer issuer, String profile)
            throws AuthenticationRequired {
        if (clientChain.isEmpty()) {
            throw new AuthenticationRequired("re-enrollment needs the certificate being renewed as TLS client certificate");
        }
        X509Certificate presented = clientChain.get(0);
        // Any key of the CA: a certificate signed before a rollover renews too (RFC 7030 §4.1.3).
        List<X509Certificate> cas = issuer.holdsKey() ? issuer.keys().stream().map(CaKey::certificate).toList()
                : issuer.chain();
        boolean ours = cas.stream().anyMatch(ca ->
                presented.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) && signedBy(presented, ca));
        if (!ours) {
            throw new AuthenticationRequired("client certificate was not issued by this profile's CA");
        }
        try {
            presented.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException expired) {
            throw new AuthenticationRequired("client certificate has expired");
        } catch (CertificateNotYetValidException early) {
            throw new AuthenticationRequired("client certificate is not yet valid");
        }
        IssuedCertificate record = issuedCertificates.find(issuer.id(), presented.getSerialNumber())
                .filter(found -> sameEncoding(found, presented))
                .orElseThrow(() -> new AuthenticationRequired("client certificate is not on record"));
        if (!record.getProfile().equals(profile)) {
            throw new AuthenticationRequired("client certificate was issued under another EST profile");
        }
        if (record.isRevoked()) {
            throw new AuthenticationRequired("client certificate is revoked");
        }
        return record;
    }

    private boolean signedBy(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey(), provider);
            return true;
        } catch (GeneralSecurityException | RuntimeException notSignedByCa) {
            return false;
        }
    }

    private static boolean sameEncoding(IssuedCertificate record, X509Certificate presented) {
        try {
            return Arrays.equals(record.getDer(), presented.getEncoded());
        } catch (CertificateEncodingException unreadable) {
            return false;
        }
    }
}
