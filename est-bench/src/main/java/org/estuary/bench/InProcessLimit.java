package org.estuary.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.ca.control.CryptoProvider;
import org.estuary.ca.control.LeafTemplate;
import org.estuary.ca.control.LocalIssuer;
import org.estuary.ca.control.SerialNumbers;
import org.estuary.profile.control.CsrPolicy;
import org.estuary.profile.entity.CertificatePolicy;
import org.estuary.wire.Base64Text;
import org.estuary.wire.CertificationRequests;
import org.estuary.wire.CertsOnly;
import org.estuary.wire.RequestBodies;

/**
 * The most enrollments per second this machine could do without HTTP and database: the server's
 * own code for one simpleenroll (base64 body to DER, CSR parsed and its signature verified, the
 * baseline certificate policy, a leaf built and signed by the CA key, certs-only PKCS#7 in base64),
 * with the providers the server chooses ({@link CryptoProvider}: signing with its
 * {@code signatures()} provider, Amazon Corretto Crypto Provider where it is installed, and CSRs
 * verified by that one, then by Bouncy Castle, as {@code Enrollment} does) and its CA keystore
 * loaded the way the server loads it ({@link LocalIssuer}).
 */
final class InProcessLimit implements AutoCloseable {

    /** The server's default lifetime of issued certificates (EST_ISSUANCE_VALIDITY). */
    static final Duration VALIDITY = Duration.ofDays(365);

    /** What one measurement did. */
    record Result(int threads, int operations, long elapsedNanos, int errors) {

        double operationsPerSecond() {
            return elapsedNanos == 0 ? 0 : (operations - errors) * 1e9 / elapsedNanos;
        }
    }

    /** The CA's signatures and the first try at a CSR's: the server's {@code @Signatures} provider. */
    private final Provider signatures;
    /** Bouncy Castle: the server's provider for everything else, and its second try at a CSR's signature. */
    private final Provider provider;
    private final LocalIssuer issuer;
    /** The keystore's path, or null for a throw-away CA. */
    private final String caSource;
    private final Path throwAwayDirectory;

    private InProcessLimit(CryptoProvider providers, LocalIssuer issuer, String caSource, Path throwAwayDirectory) {
        this.signatures = providers.signatures();
        this.provider = providers.provider();
        this.issuer = issuer;
        this.caSource = caSource;
        this.throwAwayDirectory = throwAwayDirectory;
    }

    /** With the server's CA keystore. */
    static InProcessLimit withKeystore(Path keystore, Path passwordFile) {
        CryptoProvider providers = new CryptoProvider();
        return new InProcessLimit(providers, issuer(keystore, passwordFile, providers), keystore.toString(), null);
    }

    /** With a throw-away EC P-256 CA, written to a temporary PKCS#12 that {@link #close()} deletes. */
    static InProcessLimit withThrowAwayCa() throws IOException, GeneralSecurityException, OperatorCreationException {
        CryptoProvider providers = new CryptoProvider();
        Path directory = Files.createTempDirectory("est-bench-ca");
        try {
            Path keystore = directory.resolve("ca.p12");
            Path passwordFile = directory.resolve("ca.password");
            char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
            writeThrowAwayCa(keystore, password, providers.provider());
            Files.writeString(passwordFile, new String(password), StandardCharsets.UTF_8);
            return new InProcessLimit(providers, issuer(keystore, passwordFile, providers), null, directory);
        } catch (IOException | GeneralSecurityException | OperatorCreationException | RuntimeException failed) {
            deleteTree(directory);
            throw failed;
        }
    }

    /** As the server's Issuers loads it: signing with the {@code @Signatures} provider. */
    private static LocalIssuer issuer(Path keystore, Path passwordFile, CryptoProvider providers) {
        return LocalIssuer.load("bench", keystore, passwordFile, null, providers.signatures(),
                new SerialNumbers(new SecureRandom()), Clock.systemUTC());
    }

    /** The provider that signs the certificates (and first verifies CSRs). */
    Provider signingProvider() {
        return signatures;
    }

    /**
     * "signing with AmazonCorrettoCryptoProvider 2.5.0, CSRs verified by AmazonCorrettoCryptoProvider then BC,
     * CA EC P-256 from est-data/ca/iss-local.p12".
     */
    String description() {
        return "signing with " + signatures.getName() + " " + signatures.getVersionStr() + ", CSRs verified by "
                + signatures.getName() + (signatures == provider ? "" : " then " + provider.getName()) + ", CA "
                + issuer.keyDescription() + (caSource == null ? " (throw-away)" : " from " + caSource);
    }

    /** One simpleenroll without HTTP and database: the base64 body of a CSR in, the base64 answer out. */
    byte[] enroll(byte[] body) throws Exception {
        PKCS10CertificationRequest csr = CertificationRequests.decodeVerified(RequestBodies.derOf(body), signatures, provider);
        LeafTemplate template = CsrPolicy.review(csr, csr.getSubjectPublicKeyInfo(), CertificatePolicy.baseline(),
                VALIDITY);
        X509Certificate certificate = issuer.issue(template);
        return Base64Text.of(CertsOnly.encode(List.of(certificate)));
    }

    /**
     * Enrolls every CSR once, {@code threads} threads sharing them; with {@code check} each answer
     * is judged as the server's would be (for warm-up: the check is not the server's work).
     */
    Result measure(List<PreparedCsr> csrs, int threads, boolean check) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<Error> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < csrs.size(); i = next.getAndIncrement()) {
                    PreparedCsr csr = csrs.get(i);
                    try {
                        byte[] answer = enroll(csr.body());
                        if (check && EnrollAnswer.problemWith(answer, csr.publicKey()) != null) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception refused) {
                        errors.incrementAndGet();
                    } catch (Error broken) {
                        failure.compareAndSet(null, broken);
                        return;
                    }
                }
            }, "est-bench-in-process-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the in-process enrollment broke: " + failure.get(), failure.get());
        }
        return new Result(threads, csrs.size(), System.nanoTime() - start, errors.get());
    }

    @Override
    public void close() {
        if (throwAwayDirectory != null) {
            deleteTree(throwAwayDirectory);
        }
    }

    private static void writeThrowAwayCa(Path keystore, char[] password, Provider provider)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keyPair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=est-bench throw-away CA");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(2 * 365))), name,
                keyPair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
        X509Certificate certificate = new JcaX509CertificateConverter().setProvider(provider).getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider)
                        .build(keyPair.getPrivate())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("bench-ca", keyPair.getPrivate(), password, new X509Certificate[] {certificate});
        try (OutputStream out = Files.newOutputStream(keystore)) {
            store.store(out, password);
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind holds only a throw-away key
        }
    }
}
