package org.estuary.ca.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.estuary.ca.entity.KeyDescription;

/**
 * A CA that signs here: its private key is read from a PKCS#12 file protected by a password file,
 * or is a handle to a key that never leaves a PKCS#11 token ({@link Pkcs11Token}), in which case the
 * token's provider signs.
 */
public final class LocalIssuer implements Issuer {

    private final String id;
    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final X509CertificateHolder caCertificate;
    private final String signatureAlgorithm;
    private final Provider provider;
    private final SerialNumbers serialNumbers;
    private final Clock clock;
    private final JcaX509CertificateConverter converter;
    private final RevocationPointers revocationPointers;

    /**
     * An issuer signing with {@code key} through {@code provider}, for the CA certificate first in
     * {@code chain}; refuses a certificate that is no CA certificate.
     */
    static LocalIssuer of(String id, PrivateKey key, List<X509Certificate> chain, Provider provider,
            SerialNumbers serialNumbers, Clock clock, RevocationPointers revocationPointers) {
        requireCaCertificate(id, chain.get(0));
        return new LocalIssuer(id, key, chain, provider, serialNumbers, clock, revocationPointers);
    }

    private LocalIssuer(String id, PrivateKey key, List<X509Certificate> chain, Provider provider,
            SerialNumbers serialNumbers, Clock clock, RevocationPointers revocationPointers) {
        this.id = id;
        this.key = key;
        this.chain = Collections.unmodifiableList(new ArrayList<>(chain));
        this.caCertificate = LeafCertificateBuilder.holderOf(chain.get(0));
        this.signatureAlgorithm = signatureAlgorithmFor(caCertificate.getSubjectPublicKeyInfo());
        this.provider = provider;
        this.serialNumbers = serialNumbers;
        this.clock = clock;
        // The JDK's X.509 factory: the signing provider (ACCP) has none.
        this.converter = new JcaX509CertificateConverter();
        this.revocationPointers = revocationPointers;
    }

    /**
     * Loads the CA key and chain. Fails with a message naming the file and what is wrong with it;
     * the message never contains the password.
     *
     * @param alias the key entry to use, or null for the first private key entry
     */
    public static LocalIssuer load(String id, Path keystore, Path passwordFile, String alias, Provider provider,
            SerialNumbers serialNumbers, Clock clock) {
        return load(id, keystore, passwordFile, alias, provider, serialNumbers, clock, null);
    }

    /**
     * Loads the CA key and chain, for leaves that name where their revocation status is published.
     *
     * @param revocationPointers the CRL and OCSP URLs every leaf carries, or null for none
     */
    public static LocalIssuer load(String id, Path keystore, Path passwordFile, String alias, Provider provider,
            SerialNumbers serialNumbers, Clock clock, RevocationPointers revocationPointers) {
        char[] password = readPassword(id, passwordFile);
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String entry = alias != null && !alias.isBlank() ? alias : firstKeyEntry(store);
            if (entry == null || !store.isKeyEntry(entry)) {
                throw new IllegalStateException("issuer " + id + ": no private key entry "
                        + (entry == null ? "" : "'" + entry + "' ") + "in " + keystore);
            }
            PrivateKey key = (PrivateKey) store.getKey(entry, password);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : store.getCertificateChain(entry)) {
                chain.add((X509Certificate) certificate);
            }
            return of(id, key, chain, provider, serialNumbers, clock, revocationPointers);
        } catch (IOException | GeneralSecurityException cannotLoad) {
            throw new IllegalStateException("issuer " + id + ": cannot load the CA keystore " + keystore + ": "
                    + cannotLoad.getClass().getSimpleName(), cannotLoad);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<X509Certificate> chain() {
        return chain;
    }

    @Override
    public PrivateKey signingKey() {
        return key;
    }

    /** The key's description, for the start-up log: "EC P-256", "RSA 3072". */
    public String keyDescription() {
        return KeyDescription.of(caCertificate.getSubjectPublicKeyInfo()).toString();
    }

    @Override
    public ContentSigner contentSigner() {
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider).build(key);
        } catch (OperatorCreationException unusable) {
            throw new IllegalStateException("issuer " + id + ": cannot sign with " + signatureAlgorithm, unusable);
        }
    }

    @Override
    public X509Certificate issue(LeafTemplate template) {
        try {
            X509CertificateHolder signed = LeafCertificateBuilder.build(template, caCertificate,
                    serialNumbers.next(), clock.instant(), contentSigner(), revocationPointers);
            return converter.getCertificate(signed);
        } catch (CertificateException signingFailed) {
            throw new IllegalStateException("issuer " + id + ": signing failed", signingFailed);
        }
    }

    private static String signatureAlgorithmFor(SubjectPublicKeyInfo caKey) {
        KeyDescription description = KeyDescription.of(caKey);
        return switch (description.family()) {
            case RSA -> description.bits() >= 4096 ? "SHA384withRSA" : "SHA256withRSA";
            case EC -> switch (description.bits()) {
                case 384 -> "SHA384withECDSA";
                case 521 -> "SHA512withECDSA";
                default -> "SHA256withECDSA";
            };
            case ED25519 -> "Ed25519";
            case ED448 -> "Ed448";
            case OTHER -> throw new IllegalStateException("unsupported CA key: " + description);
        };
    }

    private static void requireCaCertificate(String id, X509Certificate certificate) {
        X509CertificateHolder holder = LeafCertificateBuilder.holderOf(certificate);
        BasicConstraints constraints = BasicConstraints.fromExtensions(holder.getExtensions());
        KeyUsage usage = KeyUsage.fromExtensions(holder.getExtensions());
        if (constraints == null || !constraints.isCA()) {
            throw new IllegalStateException("issuer " + id + ": the certificate of the key entry is not a CA "
                    + "certificate (basicConstraints cA is not TRUE): " + certificate.getSubjectX500Principal());
        }
        if (usage != null && !usage.hasUsages(KeyUsage.keyCertSign)) {
            throw new IllegalStateException("issuer " + id + ": the CA certificate lacks keyCertSign: "
                    + certificate.getSubjectX500Principal());
        }
    }

    private static String firstKeyEntry(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return alias;
            }
        }
        return null;
    }

    /** The secret in {@code file} (a keystore password, a PIN), surrounding blanks and line ends removed. */
    static char[] readPassword(String id, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException unreadable) {
            throw new IllegalStateException("issuer " + id + ": cannot read the secret file " + file, unreadable);
        }
    }
}
