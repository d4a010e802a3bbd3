package org.estuary.ca.control;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.operator.ContentSigner;

/** A CA that signs leaf certificates. Implementations are thread-safe. */
public interface Issuer {

    /** The issuer id profiles bind to, e.g. {@code iss-local}. */
    String id();

    /** The CA certificate first, then its issuers up to the root where known (RFC 7030 §4.1.3). */
    List<X509Certificate> chain();

    /** Signs the leaf that {@code template} describes. */
    X509Certificate issue(LeafTemplate template);

    /**
     * The CA's private key, for CMS signatures the issuer makes in its own name (the key package of
     * a server-generated key, RFC 7030 §4.4.2). A handle for signing: never serialised or logged.
     */
    PrivateKey signingKey();

    /**
     * A signer for what the CA signs in its own name besides leaves (CRLs, OCSP responses), with the
     * signature algorithm it signs leaves with.
     */
    ContentSigner contentSigner();
}
