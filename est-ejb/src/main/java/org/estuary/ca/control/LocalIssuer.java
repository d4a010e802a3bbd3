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
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.estuary.ca.entity.KeyDescription;

/**
 * A CA that signs here: its private key is read from a PKCS#12 file protected by a password file,
 * or is a handle to a key that never leaves a PKCS#11 token ({@link Pkcs11Token}), in which case the
 * token's provider signs. A file CA may have rolled its key over ({@link CaRollover}): its keystore
 * then also holds the later keys and the link certificates, and it signs leaves with the newest key
 * while every key whose certificate is still valid signs CRLs and OCSP answers for what it signed.
 */
public final class LocalIssuer implements Issuer {

    /** A key entry a rollover added: {@code <alias>.g<n>}. */
    private static final Pattern LATER_KEY = Pattern.compile(".*\\.g[0-9]+");

    private final String id;
    private final List<CaKey> keys;
    private final List<X509Certificate> chain;
    private final List<X509Certificate> rolloverCertificates;
    private final X509CertificateHolder caCertificate;
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
        return new LocalIssuer(id, List.of(new CaKey(1, chain.get(0), key, provider)), chain, List.of(), serialNumbers,
                clock, revocationPointers);
    }

    /**
     * @param keys every key, oldest first
     * @param chain the first key's chain (the newest key's own certificate stands for the chain of a later key)
     * @param rolloverCertificates per later key n, NewWithOld then OldWithNew for keys n-1 and n, in order of n
     */
    private LocalIssuer(String id, List<CaKey> keys, List<X509Certificate> chain, List<X509Certificate> rolloverCertificates,
            SerialNumbers serialNumbers, Clock clock, RevocationPointers revocationPointers) {
        this.id = id;
        this.keys = List.copyOf(keys);
        CaKey newest = this.keys.get(this.keys.size() - 1);
        this.chain = newest.generation() == 1 ? List.copyOf(chain) : List.of(newest.certificate());
        this.rolloverCertificates = List.copyOf(rolloverCertificates);
        this.caCertificate = LeafCertificateBuilder.holderOf(this.chain.get(0));
        this.serialNumbers = serialNumbers;
        this.clock = clock;
        // The JDK's X.509 factory: the signing provider (ACCP) has none.
        this.converter = new JcaX509CertificateConverter();
        this.revocationPointers = revocationPointers == null ? null : revocationPointers.forKey(newest.crlId(id));
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
     * Loads the CA key and chain, and the keys a rollover added ({@code <alias>.g2}, {@code .g3}, …) with
     * their link certificates, for leaves that name where their revocation status is published.
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
            requireCaCertificate(id, chain.get(0));
            List<CaKey> keys = new ArrayList<>(List.of(new CaKey(1, chain.get(0), key, provider)));
            List<X509Certificate> links = new ArrayList<>();
            for (int generation = 2; store.isKeyEntry(laterKeyAlias(entry, generation)); generation++) {
                String later = laterKeyAlias(entry, generation);
                keys.add(new CaKey(generation, (X509Certificate) store.getCertificate(later),
                        (PrivateKey) store.getKey(later, password), provider));
                links.add((X509Certificate) store.getCertificate(later + CaRollover.NEW_WITH_OLD));
                links.add((X509Certificate) store.getCertificate(later + CaRollover.OLD_WITH_NEW));
            }
            if (links.contains(null)) {
                throw new IllegalStateException("issuer " + id + ": a rolled-over key in " + keystore
                        + " lacks its link certificates");
            }
            return new LocalIssuer(id, keys, chain, links, serialNumbers, clock, revocationPointers);
        } catch (IOException | GeneralSecurityException cannotLoad) {
            throw new IllegalStateException("issuer " + id + ": cannot load the CA keystore " + keystore + ": "
                    + cannotLoad.getClass().getSimpleName(), cannotLoad);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The alias of key {@code generation} (2 and later) that a rollover of the key entry {@code alias} added. */
    static String laterKeyAlias(String alias, int generation) {
        return alias + CaKey.GENERATION_MARK + generation;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * RFC 7030 §4.1.3: the chain, then for each earlier key whose certificate is still valid, newest
     * first, its own certificate (OldWithOld) and the link certificates NewWithOld and OldWithNew
     * (RFC 4210 §4.4), so that a client that trusts either key can validate certificates of both.
     */
    @Override
    public List<X509Certificate> caCertificates() {
        List<X509Certificate> certificates = new ArrayList<>(chain);
        Date now = Date.from(clock.instant());
        for (int older = keys.size() - 2; older >= 0; older--) {
            if (!keys.get(older).certificate().getNotAfter().before(now)) {
                certificates.add(keys.get(older).certificate());
                certificates.add(rolloverCertificates.get(2 * older));
                certificates.add(rolloverCertificates.get(2 * older + 1));
            }
        }
        return certificates;
    }

    /** The keys that sign CRLs and OCSP answers: the newest first, then earlier ones whose certificates are valid. */
    @Override
    public List<CaKey> keys() {
        Date now = Date.from(clock.instant());
        List<CaKey> valid = new ArrayList<>();
        for (int i = keys.size() - 1; i >= 0; i--) {
            if (i == keys.size() - 1 || !keys.get(i).certificate().getNotAfter().before(now)) {
                valid.add(keys.get(i));
            }
        }
        return valid;
    }

    /** The key leaves are signed with. */
    CaKey newestKey() {
        return keys.get(keys.size() - 1);
    }

    @Override
    public PrivateKey signingKey() {
        return newestKey().privateKey();
    }

    /** The key's description, for the start-up log: "EC P-256", "RSA 3072". */
    public String keyDescription() {
        return KeyDescription.of(caCertificate.getSubjectPublicKeyInfo()).toString();
    }

    @Override
    public ContentSigner contentSigner() {
        return newestKey().signer();
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

    /** The first private key entry that is not a key a rollover added. */
    static String firstKeyEntry(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias) && !LATER_KEY.matcher(alias).matches()) {
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
