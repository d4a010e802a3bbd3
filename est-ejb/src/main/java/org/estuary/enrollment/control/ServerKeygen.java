package org.estuary.enrollment.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estuary.ca.control.Issuer;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.NotOffered;
import org.estuary.wire.ServerGeneratedKeys;
import org.estuary.wire.ServerGeneratedKeys.Recipient;

/**
 * Server-side key generation (RFC 7030 §4.4) as configured: whether it is offered
 * ({@code est.serverkeygen-enabled}), which key it makes ({@code est.serverkeygen.key-algorithm}),
 * whether the key must always travel encrypted to the CSR's own public key
 * ({@code est.serverkeygen.encrypt-to-csr-key}) and where the AES-256 keys named by
 * DecryptKeyIdentifier live ({@code est.serverkeygen.kek-dir}, default {@code <data dir>/kek}).
 */
@ApplicationScoped
public class ServerKeygen {

    /** RFC 7030 §4.4.2: "the private key data MUST be placed in an "application/pkcs8"". */
    public static final String PKCS8 = "application/pkcs8";

    @Inject
    @ConfigProperty(name = "est.serverkeygen-enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "est.serverkeygen.key-algorithm", defaultValue = "EC-P256")
    String keyAlgorithm;

    @Inject
    @ConfigProperty(name = "est.serverkeygen.encrypt-to-csr-key", defaultValue = "false")
    boolean encryptToCsrKey;

    @Inject
    @ConfigProperty(name = "est.serverkeygen.kek-dir")
    Optional<String> keyEncryptionKeyDir;

    @Inject
    @ConfigProperty(name = "est.data.dir")
    Optional<String> dataDir;

    @Inject
    Provider provider;

    private ServerKeyGeneration generation;

    @PostConstruct
    void readConfiguration() {
        try {
            generation = ServerKeyGeneration.of(keyAlgorithm);
        } catch (IllegalArgumentException bad) {
            String refusal = "est.serverkeygen.key-algorithm: " + bad.getMessage();
            Logger.getLogger(getClass().getName()).severe(refusal); // the container buries the cause in a long trace
            throw new IllegalStateException(refusal, bad);
        }
    }

    void atStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // Observing on this bean creates it at deployment, so a bad key algorithm stops the start.
    }

    /** RFC 7030 §4.4: "Support for the /serverkeygen function is OPTIONAL"; where it is off the path is not there. */
    public void requireOffered() throws NotOffered {
        if (!enabled) {
            throw new NotOffered("serverkeygen is not offered on this profile");
        }
    }

    /** What the configuration calls the generated key, e.g. {@code EC_P256}. */
    public ServerKeyGeneration generation() {
        return generation;
    }

    /** The recipient the key must be encrypted to, or empty for plain PKCS#8 inside TLS (§4.4.1.1, §4.4.1.2). */
    public Optional<Recipient> recipientFor(PKCS10CertificationRequest csr, List<X509Certificate> clientChain)
            throws BadRequestBody {
        Optional<Path> keys = keyEncryptionKeyDir.or(() -> dataDir.map(dir -> dir + "/kek")).map(Path::of);
        return ServerKeyDelivery.recipientFor(csr, clientChain, encryptToCsrKey, keys, provider);
    }

    public KeyPair generate() {
        return generation.generate(provider);
    }

    /**
     * The private-key part (RFC 7030 §4.4.2) as DER: the PKCS#8 PrivateKeyInfo, or the
     * EnvelopedData of a SignedData the issuing CA signs. The caller wipes it once written.
     */
    public byte[] keyPart(PrivateKey key, Optional<Recipient> recipient, Issuer issuer) {
        byte[] pkcs8 = key.getEncoded();
        if (recipient.isEmpty()) {
            return pkcs8;
        }
        try {
            return ServerGeneratedKeys.seal(PrivateKeyInfo.getInstance(pkcs8), issuer.signingKey(),
                    issuer.chain().get(0), recipient.get(), provider);
        } finally {
            ServerGeneratedKeys.wipe(pkcs8);
        }
    }

    public static String keyPartContentType(Optional<Recipient> recipient) {
        return recipient.isPresent() ? ServerGeneratedKeys.MEDIA_TYPE : PKCS8;
    }
}
