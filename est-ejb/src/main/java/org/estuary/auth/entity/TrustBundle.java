package org.estuary.auth.entity;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The trust anchors of one profile's mTLS route (RFC 7030 §3.3.2): the CA certificates a client
 * certificate must chain to, read from a PEM file. A file that cannot be read, holds no
 * certificate or only expired ones is refused as a whole, so a half-rotated file never replaces a
 * working bundle.
 */
public final class TrustBundle {

    private final Path source;
    private final List<X509Certificate> anchors;
    private final Instant loadedAt;

    private TrustBundle(Path source, List<X509Certificate> anchors, Instant loadedAt) {
        this.source = source;
        this.anchors = List.copyOf(anchors);
        this.loadedAt = loadedAt;
    }

    /**
     * Reads the PEM certificates of {@code file}.
     *
     * @throws IllegalArgumentException saying what is wrong with the file
     */
    public static TrustBundle load(Path file, Instant now) {
        requireNonNull(file, "file");
        List<X509Certificate> anchors = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            factory.generateCertificates(in).forEach(certificate -> anchors.add((X509Certificate) certificate));
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("cannot read " + file);
        } catch (CertificateException | RuntimeException notCertificates) {
            throw new IllegalArgumentException(file + " does not hold PEM certificates");
        }
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no certificate");
        }
        if (anchors.stream().allMatch(anchor -> anchor.getNotAfter().toInstant().isBefore(now))) {
            throw new IllegalArgumentException(file + " holds only expired certificates");
        }
        return new TrustBundle(file, anchors, now);
    }

    /**
     * Whether {@code clientChain} (end entity first, as TLS sent it) is valid at {@code now} and
     * chains to one of the anchors (RFC 5280 §6 path validation; revocation is not checked here).
     */
    public boolean trusts(List<X509Certificate> clientChain, Instant now) {
        if (clientChain.isEmpty()) {
            return false;
        }
        Set<TrustAnchor> trustAnchors = anchors.stream().map(anchor -> new TrustAnchor(anchor, null))
                .collect(Collectors.toSet());
        List<X509Certificate> path = clientChain.stream().filter(certificate -> !anchors.contains(certificate)).toList();
        if (path.isEmpty()) {
            // The client presented an anchor itself: trusted directly, if it is within its validity.
            return clientChain.get(0).getNotAfter().toInstant().isAfter(now)
                    && !clientChain.get(0).getNotBefore().toInstant().isAfter(now);
        }
        try {
            PKIXParameters parameters = new PKIXParameters(trustAnchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return true;
        } catch (GeneralSecurityException untrusted) {
            return false;
        }
    }

    public Path source() {
        return source;
    }

    public List<X509Certificate> anchors() {
        return anchors;
    }

    public Instant loadedAt() {
        return loadedAt;
    }
}
