package org.estuary.ca.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.estuary.admin.entity.AdminRequestRefused.Why;
import org.estuary.ca.entity.RolloverRefused;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The issuers this server signs with, loaded once when the application starts: the local file CA
 * ({@code est.ca.*}) and those {@code est.issuers} lists ({@link IssuerConfiguration}). A CA that cannot
 * be loaded stops the deployment with a message naming the issuer and the file or token: we never come
 * up without the CA we were configured with. An upstream CA that is away at start is asked again later.
 */
@ApplicationScoped
public class Issuers {

    private static final Logger LOG = Logger.getLogger(Issuers.class.getName());

    @Inject
    @ConfigProperty(name = "est.ca.issuer-id", defaultValue = "iss-local")
    String localIssuerId;

    @Inject
    @ConfigProperty(name = "est.ca.keystore")
    Optional<String> keystore;

    @Inject
    @ConfigProperty(name = "est.ca.keystore-password-file")
    Optional<String> passwordFile;

    @Inject
    @ConfigProperty(name = "est.ca.key-alias")
    Optional<String> keyAlias;

    @Inject
    @ConfigProperty(name = RevocationPointers.BASE_URL_KEY)
    Optional<String> publicBaseUrl;

    @Inject
    @Signatures
    Provider provider;

    @Inject
    Config config;

    /** {@code grid} on a node of a cluster (server-config/prepare sets it with EST_CLUSTER_MEMBERS). */
    @Inject
    @ConfigProperty(name = "est.rate-limit.store", defaultValue = "memory")
    String rateLimitStore;

    /** Replaced as a whole when a rollover renews the local CA's key. */
    private volatile Map<String, Issuer> byId;

    @PostConstruct
    void load() {
        if (!IssuerConfiguration.isValidId(localIssuerId)) {
            throw new IllegalStateException("est.ca.issuer-id (EST_CA_ISSUER_ID) '" + localIssuerId
                    + "' must be lower-case letters, digits and inner hyphens, at most " + IssuerConfiguration.MAX_ID_LENGTH
                    + " characters");
        }
        if (keystore.isEmpty()) {
            throw new IllegalStateException("issuer " + localIssuerId + ": est.ca.keystore (EST_CA_KEYSTORE) is not set");
        }
        if (passwordFile.isEmpty()) {
            throw new IllegalStateException("issuer " + localIssuerId
                    + ": est.ca.keystore-password-file (EST_CA_KEYSTORE_PASSWORD_FILE) is not set");
        }
        LocalIssuer local = loadLocal();
        Map<String, Issuer> loaded = new LinkedHashMap<>();
        loaded.put(local.id(), local);
        IssuerConfiguration.Outcome configured = IssuerConfiguration.read(
                key -> config.getOptionalValue(key, String.class), localIssuerId);
        if (!configured.problems().isEmpty()) {
            throw new IllegalStateException("the issuers' configuration is wrong:\n  "
                    + String.join("\n  ", configured.problems()));
        }
        for (IssuerConfiguration.Definition definition : configured.issuers()) {
            loaded.put(definition.id(), open(definition));
        }
        byId = Collections.unmodifiableMap(loaded);
        LOG.info(() -> "Issuer " + local.id() + " ready: " + local.chain().get(0).getSubjectX500Principal()
                + " (" + local.keyDescription() + "), signing with " + provider.getName() + " " + provider.getVersionStr()
                + "; first JCA provider (TLS): " + Security.getProviders()[0].getName());
    }

    /** The local file CA, with every key a rollover added to its keystore. */
    private LocalIssuer loadLocal() {
        return LocalIssuer.load(localIssuerId, Path.of(keystore.orElseThrow()), Path.of(passwordFile.orElseThrow()),
                keyAlias.orElse(null), provider, new SerialNumbers(new SecureRandom()), Clock.systemUTC(),
                revocationPointers(localIssuerId));
    }

    /**
     * Rolls the local CA's key over (RFC 7030 §4.1.3, RFC 4210 §4.4) and signs with the new key from now
     * on; the earlier keys keep signing CRLs and OCSP answers for what they signed.
     *
     * @throws RolloverRefused for another issuer (a token's key is made with the token's tools, an
     *     upstream CA rolls its own key), and on a node of a cluster, whose other nodes would go on
     *     signing with the old key and could make a second, different new key
     */
    public synchronized CaRollover.Outcome rollOver(String issuerId) throws RolloverRefused {
        Issuer issuer = byId(issuerId).orElseThrow(() -> new RolloverRefused(Why.UNKNOWN, "no issuer " + issuerId));
        if (!issuerId.equals(localIssuerId)) {
            throw new RolloverRefused(Why.CONFLICT, "issuer " + issuerId + (issuer.holdsKey()
                    ? " keeps its key on a PKCS#11 token: make the new key there with the token's tools"
                    : " forwards to an upstream CA, which rolls its own key"));
        }
        if ("grid".equals(rateLimitStore)) {
            throw new RolloverRefused(Why.CONFLICT, "this node is one of a cluster: roll the key over on one node"
                    + " started alone, then start the others with its keystore (docs/issuers.md)");
        }
        CaRollover.Outcome outcome;
        try {
            outcome = CaRollover.rollOver(Path.of(keystore.orElseThrow()), Path.of(passwordFile.orElseThrow()),
                    keyAlias.orElse(null), Clock.systemUTC());
        } catch (IllegalStateException refused) {
            throw new RolloverRefused(Why.CONFLICT, "issuer " + issuerId + ": " + refused.getMessage());
        }
        Map<String, Issuer> replaced = new LinkedHashMap<>(byId);
        replaced.put(issuerId, loadLocal());
        byId = Collections.unmodifiableMap(replaced);
        LOG.info(() -> "Issuer " + issuerId + " rolled over to key generation " + outcome.generation() + ": "
                + outcome.newWithNew().getSubjectX500Principal() + " until " + outcome.newWithNew().getNotAfter().toInstant());
        return outcome;
    }

    private Issuer open(IssuerConfiguration.Definition definition) {
        String id = definition.id();
        if (definition instanceof IssuerConfiguration.OnToken onToken) {
            LocalIssuer issuer = onToken.token().issuer(id, new SerialNumbers(new SecureRandom()), Clock.systemUTC(),
                    revocationPointers(id));
            LOG.info(() -> "Issuer " + id + " ready: " + issuer.chain().get(0).getSubjectX500Principal() + " ("
                    + issuer.keyDescription() + "), its key on the PKCS#11 token " + onToken.token().library()
                    + " under the label '" + onToken.token().keyLabel() + "'");
            return issuer;
        }
        UpstreamEstClient client = ((IssuerConfiguration.Upstream) definition).client();
        UpstreamEstIssuer issuer = new UpstreamEstIssuer(id, client, Clock.systemUTC());
        issuer.fetchChain();
        return issuer;
    }

    /**
     * The CRL and OCSP URLs of {@code issuerId}'s leaves, or null without a public base URL. A base URL
     * that is not one gives none here; ProfileStartup refuses it, naming the key, before anything is served.
     */
    private RevocationPointers revocationPointers(String issuerId) {
        try {
            return RevocationPointers.baseUrl(publicBaseUrl).map(base -> {
                RevocationPointers pointers = RevocationPointers.under(base, issuerId);
                LOG.info(() -> "Issuer " + issuerId + " puts its CRL " + pointers.crl() + " and OCSP responder "
                        + pointers.ocsp() + " into every certificate");
                if (isLoopback(base)) {
                    // Those URLs stay in every certificate for its lifetime: only this machine can follow them.
                    LOG.warning(() -> "Issuer " + issuerId + ": the revocation URLs in certificates name " + base.getHost()
                            + ", which relying parties elsewhere cannot reach; set " + RevocationPointers.BASE_URL_KEY
                            + " (EST_PUBLIC_BASE_URL) to this server's public http(s) address");
                }
                return pointers;
            }).orElseGet(() -> {
                LOG.info(() -> "Issuer " + issuerId + ": revocation URLs are not put into certificates ("
                        + RevocationPointers.BASE_URL_KEY + ", EST_PUBLIC_BASE_URL, is not set)");
                return null;
            });
        } catch (IllegalArgumentException refused) {
            return null;
        }
    }

    private static boolean isLoopback(URI base) {
        String host = base.getHost();
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    /** Loads the issuers when the application starts rather than at the first request. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // Observing on this bean creates it, which runs load().
    }

    public Optional<Issuer> byId(String issuerId) {
        return Optional.ofNullable(byId.get(issuerId));
    }

    /** The issuers whose CA key this server holds: those it publishes CRLs and OCSP answers for. */
    public List<Issuer> holdingKeys() {
        return byId.values().stream().filter(Issuer::holdsKey).toList();
    }

    /** An issuer here and one of its keys that signs CRLs. */
    public record IssuerKey(Issuer issuer, CaKey key) {
    }

    /** The issuer and key whose CRL is published as {@code crlId} ({@link CaKey#crlId}); empty when no such key signs here. */
    public Optional<IssuerKey> keyOfCrl(String crlId) {
        return CaKey.parseCrlId(crlId).flatMap(named -> holdingKey(named.issuerId()).flatMap(issuer ->
                issuer.keys().stream().filter(key -> key.generation() == named.generation()).findFirst()
                        .map(key -> new IssuerKey(issuer, key))));
    }

    /** {@code issuerId} when this server holds its CA key. */
    public Optional<Issuer> holdingKey(String issuerId) {
        return byId(issuerId).filter(Issuer::holdsKey);
    }
}
