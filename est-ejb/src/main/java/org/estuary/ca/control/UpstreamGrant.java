package org.estuary.ca.control;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Whether an upstream CA's certificate stays within what our certificate-profile policy granted the
 * request (the {@link LeafTemplate}): in RA mode the upstream trusts our RA credentials, so a request
 * our policy admitted only because it would drop something (a CA flag, a longer life, another name)
 * must not come back with it. The subject may be the request's or the one the policy completed.
 */
final class UpstreamGrant {

    /** Clock differences between us and the upstream. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private UpstreamGrant() {
    }

    /** What {@code certificate} grants beyond {@code template}, as the end of a sentence; empty when nothing. */
    static Optional<String> beyond(X509Certificate certificate, LeafTemplate template, PKCS10CertificationRequest request,
            Instant now) {
        X509CertificateHolder holder = LeafCertificateBuilder.holderOf(certificate);
        X500Name subject = holder.getSubject();
        if (!subject.equals(template.subject()) && !subject.equals(request.getSubject())) {
            return Optional.of("names another subject (" + subject + ") than the request");
        }
        if (certificate.getBasicConstraints() >= 0) {
            return Optional.of("is a CA certificate");
        }
        KeyUsage usage = KeyUsage.fromExtensions(holder.getExtensions());
        if (usage != null && (usage.hasUsages(KeyUsage.keyCertSign) || usage.hasUsages(KeyUsage.cRLSign))) {
            return Optional.of("may sign certificates or CRLs");
        }
        if (certificate.getNotAfter().toInstant().isAfter(now.plus(template.validity()).plus(SKEW))) {
            return Optional.of("lives longer than the profile grants (" + template.validity() + ")");
        }
        GeneralNames names = GeneralNames.fromExtensions(holder.getExtensions(), Extension.subjectAlternativeName);
        if (names != null) {
            Set<GeneralName> granted = template.subjectAltNames() == null ? Set.of()
                    : Set.of(template.subjectAltNames().getNames());
            for (GeneralName name : names.getNames()) {
                if (!granted.contains(name)) {
                    return Optional.of("names a subject alternative name the request was not granted (" + name + ")");
                }
            }
        }
        ExtendedKeyUsage purposes = ExtendedKeyUsage.fromExtensions(holder.getExtensions());
        if (purposes != null && !template.extendedKeyUsages().isEmpty()) {
            Set<KeyPurposeId> allowed = Set.copyOf(template.extendedKeyUsages());
            List<KeyPurposeId> extra = List.of(purposes.getUsages()).stream().filter(purpose -> !allowed.contains(purpose))
                    .toList();
            if (!extra.isEmpty()) {
                return Optional.of("has extended key usages the profile does not grant ("
                        + extra.stream().map(KeyPurposeId::toString).collect(Collectors.joining(", ")) + ")");
            }
        }
        return Optional.empty();
    }
}
