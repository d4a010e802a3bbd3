package org.estuary.ca.control;

import java.security.cert.X509Certificate;
import java.util.List;

/** A CA that signs leaf certificates. Implementations are thread-safe. */
public interface Issuer {

    /** The issuer id profiles bind to, e.g. {@code iss-local}. */
    String id();

    /** The CA certificate first, then its issuers up to the root where known (RFC 7030 §4.1.3). */
    List<X509Certificate> chain();

    /** Signs the leaf that {@code template} describes. */
    X509Certificate issue(LeafTemplate template);
}
