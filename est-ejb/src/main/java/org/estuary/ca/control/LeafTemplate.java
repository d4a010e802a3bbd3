package org.estuary.ca.control;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What a leaf certificate says, decided before signing by the profile's policy: subject and SANs
 * (the CSR's, the subject possibly completed by the policy), the key, how long it is asked to
 * live, its extended key usages and whether it demands OCSP stapling. The issuer adds serial,
 * validity window, key usage, SKI/AKI and basic constraints.
 *
 * @param subjectAltNames may be null when the request carries none
 * @param mustStaple whether the leaf carries the TLS Feature extension asking for status_request (RFC 7633)
 */
public record LeafTemplate(X500Name subject, SubjectPublicKeyInfo publicKey, GeneralNames subjectAltNames,
        Duration validity, List<KeyPurposeId> extendedKeyUsages, boolean mustStaple) {

    public LeafTemplate {
        requireNonNull(subject, "subject");
        requireNonNull(publicKey, "publicKey");
        requireNonNull(validity, "validity");
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
    }
}
