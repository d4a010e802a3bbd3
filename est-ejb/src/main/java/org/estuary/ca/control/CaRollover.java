package org.estuary.ca.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A key rollover of a self-signed CA whose keys live in a PKCS#12 file (RFC 4210 §4.4, which RFC 7030
 * §4.1.3 refers to): a new key pair of the same kind, its self-signed certificate (NewWithNew, as long-lived
 * as the current one), and the two link certificates, NewWithOld (the new key, signed by the old) and
 * OldWithNew (the old key, signed by the new), both valid from now until the old certificate expires.
 * All are added to the keystore, which is replaced in one atomic move; the old keys stay, because they
 * still sign the CRLs and OCSP answers for what they signed. {@link LocalIssuer#load} then reads them.
 */
public final class CaRollover {

    /** The suffix of a later key's alias naming its NewWithOld link certificate. */
    static final String NEW_WITH_OLD = ".new-with-old";
    /** The suffix of a later key's alias naming its OldWithNew link certificate. */
    static final String OLD_WITH_NEW = ".old-with-new";

    /** What a rollover made: the new key's generation and its self-signed certificate. */
    public record Outcome(int generation, X509Certificate newWithNew) {
    }

    private CaRollover() {
    }

    /**
     * Rolls the key of the CA in {@code keystore} over.
     *
     * @param alias the first key's entry, or null for the first private key entry
     * @throws IllegalStateException when the keystore cannot be read or written, or its newest CA
     *     certificate is not self-signed (a subordinate CA's new certificate comes from its parent)
     */
    public static Outcome rollOver(Path keystore, Path passwordFile, String alias, Clock clock) {
        char[] password = LocalIssuer.readPassword("rollover", passwordFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, password);
            }
            String base = alias != null && !alias.isBlank() ? alias : LocalIssuer.firstKeyEntry(store);
            if (base == null || !store.isKeyEntry(base)) {
                throw new IllegalStateException("no private key entry to roll over in " + keystore);
            }
            int generation = 1;
            while (store.isKeyEntry(LocalIssuer.laterKeyAlias(base, generation + 1))) {
                generation++;
            }
            String currentAlias = generation == 1 ? base : LocalIssuer.laterKeyAlias(base, generation);
            X509Certificate old = (X509Certificate) store.getCertificate(currentAlias);
            PrivateKey oldKey = (PrivateKey) store.getKey(currentAlias, password);
            requireSelfSigned(old);
            if (!old.getNotAfter().toInstant().isAfter(clock.instant())) {
                throw new IllegalStateException("the CA certificate " + old.getSubjectX500Principal()
                        + " has expired: a new CA is set up, not rolled over to");
            }

            Instant now = clock.instant();
            KeyPair next = keyPairLike(old.getPublicKey());
            X500Principal name = old.getSubjectX500Principal();
            Duration lifetime = Duration.between(old.getNotBefore().toInstant(), old.getNotAfter().toInstant());
            X509Certificate newWithNew = caCertificate(name, next.getPublic(), next.getPublic(), next.getPrivate(),
                    now, now.plus(lifetime), old);
            X509Certificate newWithOld = caCertificate(name, next.getPublic(), old.getPublicKey(), oldKey,
                    now, old.getNotAfter().toInstant(), old);
            X509Certificate oldWithNew = caCertificate(name, old.getPublicKey(), next.getPublic(), next.getPrivate(),
                    now, old.getNotAfter().toInstant(), old);

            String nextAlias = LocalIssuer.laterKeyAlias(base, generation + 1);
            store.setKeyEntry(nextAlias, next.getPrivate(), password, new X509Certificate[] {newWithNew});
            store.setCertificateEntry(nextAlias + NEW_WITH_OLD, newWithOld);
            store.setCertificateEntry(nextAlias + OLD_WITH_NEW, oldWithNew);
            replace(keystore, store, password, generation + 1);
            return new Outcome(generation + 1, newWithNew);
        } catch (IOException | GeneralSecurityException | OperatorCreationException failed) {
            throw new IllegalStateException("cannot roll the CA key in " + keystore + " over: "
                    + failed.getClass().getSimpleName() + ": " + failed.getMessage(), failed);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static void requireSelfSigned(X509Certificate certificate) {
        boolean selfSigned = certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
        if (selfSigned) {
            try {
                certificate.verify(certificate.getPublicKey());
            } catch (GeneralSecurityException notByItsOwnKey) {
                selfSigned = false;
            }
        }
        if (!selfSigned) {
            throw new IllegalStateException("the CA certificate " + certificate.getSubjectX500Principal()
                    + " is not self-signed: a subordinate CA's new key is certified by its parent CA");
        }
    }

    /** A new key pair of the same algorithm and size or curve as {@code current}. */
    private static KeyPair keyPairLike(PublicKey current) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(current.getAlgorithm());
        if (current instanceof ECPublicKey ec) {
            generator.initialize(ec.getParams(), new SecureRandom());
        } else if (current instanceof EdECPublicKey edwards) {
            // "EdDSA" alone would give Ed25519 for an Ed448 CA.
            generator.initialize(edwards.getParams(), new SecureRandom());
        } else if (current instanceof RSAPublicKey rsa) {
            generator.initialize(rsa.getModulus().bitLength(), new SecureRandom());
        }
        return generator.generateKeyPair();
    }

    /**
     * A CA certificate of {@code name} for {@code subjectKey}, signed with {@code signingKey} (whose public
     * half is {@code signerPublicKey}), with the basic constraints of {@code model}, keyCertSign and cRLSign.
     */
    private static X509Certificate caCertificate(X500Principal name, PublicKey subjectKey, PublicKey signerPublicKey,
            PrivateKey signingKey, Instant notBefore, Instant notAfter, X509Certificate model)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new SerialNumbers(new SecureRandom()).next(), Date.from(notBefore), Date.from(notAfter), name, subjectKey);
        int pathLength = model.getBasicConstraints();
        builder.addExtension(Extension.basicConstraints, true, pathLength == Integer.MAX_VALUE || pathLength < 0
                ? new BasicConstraints(true) : new BasicConstraints(pathLength));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(subjectKey, model)));
        builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyIdentifier(signerPublicKey, model)));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(signatureAlgorithmOf(signerPublicKey)).build(signingKey)));
    }

    /**
     * The key identifier of {@code key}: the old certificate's own SKI for the old key (leaves it signed
     * carry it as their AKI, whatever method made it), RFC 5280 §4.2.1.2 method 1 for the new key.
     */
    private static byte[] keyIdentifier(PublicKey key, X509Certificate old) {
        SubjectKeyIdentifier oldIdentifier = SubjectKeyIdentifier.fromExtensions(LeafCertificateBuilder.holderOf(old).getExtensions());
        if (oldIdentifier != null && key.equals(old.getPublicKey())) {
            return oldIdentifier.getKeyIdentifier();
        }
        return LeafCertificateBuilder.subjectKeyIdentifier(SubjectPublicKeyInfo.getInstance(key.getEncoded()))
                .getKeyIdentifier();
    }

    private static String signatureAlgorithmOf(PublicKey key) {
        return CaKey.signatureAlgorithmFor(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    /**
     * Keeps a copy of {@code keystore} as {@code <name>.before-g<generation>}, writes {@code store} next to
     * it, forces it to disk and moves it over in one step, so a crash leaves the old file or the new one.
     */
    private static void replace(Path configured, KeyStore store, char[] password, int generation)
            throws IOException, GeneralSecurityException {
        // The file itself, not a link to it (a mounted secret, say): the link would be replaced instead.
        Path keystore = configured.toRealPath();
        Path directory = keystore.getParent();
        Files.copy(keystore, directory.resolve(keystore.getFileName() + ".before-g" + generation),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Path written = Files.createTempFile(directory, keystore.getFileName().toString(), ".new");
        try {
            if (Files.getFileStore(keystore).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(written, Files.getPosixFilePermissions(keystore));
            }
            try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                store.store(out, password);
                out.flush();
                channel.force(true);
            }
            Files.move(written, keystore, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
                folder.force(true);
            } catch (IOException notOnThisFileSystem) {
                // Some file systems cannot sync a directory; the move itself was atomic.
            }
        } finally {
            Files.deleteIfExists(written);
        }
    }
}
