package org.estuary.ca.control;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.ca.entity.UpstreamCaFailure;
import org.estuary.ca.entity.UpstreamCaFailure.Kind;

/**
 * RA mode (RFC 7030 §2.3, §3.7): an issuer that holds no CA key and forwards each request our
 * authentication and policy admitted to an upstream EST server, as the client signed it, with our own
 * RA credentials. The upstream's certificate is recorded and audited like a local one, once it is
 * checked to certify the requested key under the upstream's CA.
 */
public final class UpstreamEstIssuer implements Issuer {

    private static final Logger LOG = Logger.getLogger(UpstreamEstIssuer.class.getName());

    private final String id;
    private final UpstreamEstClient upstream;
    private final Clock clock;
    private volatile List<X509Certificate> chain;

    UpstreamEstIssuer(String id, UpstreamEstClient upstream, Clock clock) {
        this.id = id;
        this.upstream = upstream;
        this.clock = clock;
    }

    /** Reads the upstream's CA certificates now; a start with the upstream away reads them at first use. */
    void fetchChain() {
        try {
            chain();
        } catch (UpstreamCaFailure away) {
            LOG.warning(() -> "Issuer " + id + ": the upstream " + upstream.url() + " did not answer /cacerts ("
                    + away.getMessage() + "); asking again when a client needs them");
        }
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * The upstream's CA certificates, read from its /cacerts at start or first use, and again when a
     * certificate it issued does not verify with them (the upstream rolled its key over). Read outside
     * any lock: threads that find none each ask, and the last answer stays.
     */
    @Override
    public List<X509Certificate> chain() {
        List<X509Certificate> known = chain;
        return known != null ? known : refreshChain();
    }

    private List<X509Certificate> refreshChain() {
        List<X509Certificate> fetched = List.copyOf(upstream.caCertificates(id));
        chain = fetched;
        LOG.info(() -> "Issuer " + id + " forwards to " + upstream.url() + ", whose CA is "
                + fetched.get(0).getSubjectX500Principal());
        return fetched;
    }

    @Override
    public X509Certificate issue(LeafTemplate template) {
        throw new IllegalStateException("issuer " + id + " forwards requests to an upstream CA: it needs the request");
    }

    @Override
    public X509Certificate issue(LeafTemplate template, PKCS10CertificationRequest request) {
        List<X509Certificate> answered = upstream.simpleEnroll(id, request, clock);
        if (answered.isEmpty()) {
            throw new UpstreamCaFailure(Kind.FAILED, "the upstream CA answered no certificate", 0);
        }
        // The certificate for the requested key, wherever the upstream put it among its CA certificates.
        X509Certificate certificate = answered.stream().filter(one -> certifies(one, template.publicKey())).findFirst()
                .orElse(answered.get(0));
        if (!certifies(certificate, template.publicKey())) {
            LOG.warning(() -> "Issuer " + id + ": the upstream certified another key than the request's: "
                    + certificate.getSubjectX500Principal());
            throw new UpstreamCaFailure(Kind.FAILED, "the upstream CA's certificate is not for the requested key", 0);
        }
        if (!issuedByUpstreamCa(certificate, chain()) && !issuedByUpstreamCa(certificate, refreshChain())) {
            LOG.warning(() -> "Issuer " + id + ": the upstream's certificate " + certificate.getSubjectX500Principal()
                    + " does not verify with its CA " + chain().get(0).getSubjectX500Principal());
            throw new UpstreamCaFailure(Kind.FAILED, "the upstream CA's certificate does not verify with its CA", 0);
        }
        Optional<String> beyond = UpstreamGrant.beyond(certificate, template, request, clock.instant());
        if (beyond.isPresent()) {
            // The upstream trusts us: what it grants beyond our policy must not reach the client.
            LOG.warning(() -> "Issuer " + id + ": the upstream's certificate " + certificate.getSubjectX500Principal()
                    + " (serial " + certificate.getSerialNumber().toString(16) + ") " + beyond.get()
                    + "; it is neither recorded nor handed out");
            throw new UpstreamCaFailure(Kind.FAILED, "the upstream CA's certificate " + beyond.get(), 0);
        }
        return certificate;
    }

    private static boolean certifies(X509Certificate certificate, SubjectPublicKeyInfo key) {
        try {
            return Arrays.equals(certificate.getPublicKey().getEncoded(), key.getEncoded());
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static boolean issuedByUpstreamCa(X509Certificate certificate, List<X509Certificate> cas) {
        for (X509Certificate ca : cas) {
            if (ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(ca.getPublicKey());
                    return true;
                } catch (GeneralSecurityException notByThisKey) {
                    // another key of the same name, e.g. across a rollover
                }
            }
        }
        return false;
    }

    @Override
    public List<CaKey> keys() {
        return List.of();
    }

    @Override
    public PrivateKey signingKey() {
        throw new IllegalStateException("issuer " + id + " holds no CA key: the upstream CA signs");
    }

    @Override
    public ContentSigner contentSigner() {
        throw new IllegalStateException("issuer " + id + " holds no CA key: the upstream CA signs");
    }
}
