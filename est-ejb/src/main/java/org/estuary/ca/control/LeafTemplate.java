package org.estuary.ca.control;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What a leaf certificate says, decided before signing: subject and SANs (from the CSR), the key,
 * how long it is asked to live, and its extended key usages. The issuer adds serial, validity
 * window, key usage, SKI/AKI and basic constraints.
 *
 * @param subjectAltNames may be null when the request carries none
 */
public record LeafTemplate(X500Name subject, SubjectPublicKeyInfo publicKey, GeneralNames subjectAltNames,
        Duration validity, List<KeyPurposeId> extendedKeyUsages) {

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
