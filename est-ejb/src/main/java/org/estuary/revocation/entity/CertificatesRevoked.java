package org.estuary.revocation.entity;

import java.util.Set;

/** A CDI event: certificates of these issuers were revoked in the transaction that fires it. */
public record CertificatesRevoked(Set<String> issuerIds) {

    public CertificatesRevoked {
        issuerIds = Set.copyOf(issuerIds);
    }
}
