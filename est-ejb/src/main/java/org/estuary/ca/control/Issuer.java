package org.estuary.ca.control;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A CA that signs leaf certificates. Implementations are thread-safe. */
public interface Issuer {

    /** The issuer id profiles bind to, e.g. {@code iss-local}. */
    String id();

    /** The CA certificate first, then its issuers up to the root where known (RFC 7030 §4.1.3). */
    List<X509Certificate> chain();

    /**
     * RFC 7030 §4.1.3: what /cacerts lists: {@link #chain()}, and after a key rollover the earlier keys'
     * certificates with the link certificates between the keys (RFC 4210 §4.4).
     */
    default List<X509Certificate> caCertificates() {
        return chain();
    }

    /**
     * The CA keys here that sign CRLs and OCSP answers, each for what it signed: the current key first,
     * then keys from before a rollover whose certificates are still valid. Empty when the key is upstream.
     */
    List<CaKey> keys();

    /** Signs the leaf that {@code template} describes. */
    X509Certificate issue(LeafTemplate template);

    /**
     * Certifies what {@code template} describes for the client whose request is {@code request}, once
     * our own authentication and policy admitted it. An issuer that signs here signs the template; one
     * that forwards to an upstream CA forwards the request as the client signed it.
     *
     * @throws org.estuary.ca.entity.UpstreamCaFailure when the upstream CA did not issue
     */
    default X509Certificate issue(LeafTemplate template, PKCS10CertificationRequest request) {
        return issue(template);
    }

    /**
     * Whether this server holds the CA key, and so signs CRLs, OCSP responses, CMC responses and key
     * packages in the CA's name: it has {@link #keys()}. False for an issuer that forwards to an upstream
     * CA, whose {@link #signingKey()} and {@link #contentSigner()} refuse.
     */
    default boolean holdsKey() {
        return !keys().isEmpty();
    }

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
