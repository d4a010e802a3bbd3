package org.estuary.enrollment.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estuary.ca.control.Issuer;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.NotOffered;
import org.estuary.profile.entity.EstProfile;
import org.estuary.wire.ServerGeneratedKeys;
import org.estuary.wire.ServerGeneratedKeys.Recipient;

/**
 * Server-side key generation (RFC 7030 §4.4) as a profile configures it: whether it is offered,
 * which key it makes and whether the key must always travel encrypted to the CSR's own public key.
 * The AES-256 keys named by DecryptKeyIdentifier live in {@code est.serverkeygen.kek-dir}
 * (default {@code <data dir>/kek}), shared by all profiles.
 */
@ApplicationScoped
public class ServerKeygen {

    /** RFC 7030 §4.4.2: "the private key data MUST be placed in an "application/pkcs8"". */
    public static final String PKCS8 = "application/pkcs8";

    @Inject
    @ConfigProperty(name = "est.serverkeygen.kek-dir")
    Optional<String> keyEncryptionKeyDir;

    @Inject
    @ConfigProperty(name = "est.data.dir")
    Optional<String> dataDir;

    @Inject
    Provider provider;

    /** RFC 7030 §4.4: "Support for the /serverkeygen function is OPTIONAL"; where it is off the path is not there. */
    public static void requireOffered(EstProfile.ServerKeygen settings) throws NotOffered {
        if (!settings.enabled()) {
            throw new NotOffered("serverkeygen is not offered on this profile");
        }
    }

    /** The recipient the key must be encrypted to, or empty for plain PKCS#8 inside TLS (§4.4.1.1, §4.4.1.2). */
    public Optional<Recipient> recipientFor(EstProfile.ServerKeygen settings, PKCS10CertificationRequest csr,
            List<X509Certificate> clientChain) throws BadRequestBody {
        Optional<Path> keys = keyEncryptionKeyDir.or(() -> dataDir.map(dir -> dir + "/kek")).map(Path::of);
        return ServerKeyDelivery.recipientFor(csr, clientChain, settings.encryptToCsrKey(), keys, provider);
    }

    public KeyPair generate(EstProfile.ServerKeygen settings) {
        return settings.keyAlgorithm().generate(provider);
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
