package org.estuary.ca.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.estuary.ca.entity.KeyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the key rollover of a self-signed file CA (RFC 4210 §4.4, RFC 7030 §4.1.3) end to end through the
 * PKCS#12 file: {@link CaRollover#rollOver} adds a new key of the same kind with its NewWithNew certificate and
 * the NewWithOld and OldWithNew link certificates (right keys, right signers, same name, the old path length,
 * keyCertSign and cRLSign, AKI equal to the signer's SKI, the documented validity), keeps the old keys, replaces
 * the file in one move and refuses a subordinate CA without touching its file; {@link LocalIssuer#load} then
 * signs leaves with the newest key (pointing at that key's CRL), lists the keys newest first and the
 * certificates in the documented order, leaves out older keys whose certificates expired, and refuses a later
 * key without its link certificates. Also the naming of later keys and their CRLs: {@link LocalIssuer#firstKeyEntry},
 * {@link CaKey#crlId}, {@link CaKey#parseCrlId} and {@link CaKey#toString}.
 */
class CaRolloverTest {

    /** A whole second: X.509 times have no fractions, so instants taken from this clock compare exactly. */
    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
    private static final X500Name NAME = new X500Name("CN=Rollover Test CA,O=Estuary Tests");
    private static final String ISSUER = "iss-local";
    /** The alias {@link TestCa#write} gives the CA's key entry. */
    private static final String ALIAS = "test-ca";
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final RevocationPointers POINTERS = RevocationPointers.under(URI.create("http://pki.example.net"), ISSUER);
    private static final String CRLS = "http://pki.example.net/.well-known/pki/crls/";

    @TempDir
    Path dir;

    // --- 1. one rollover ------------------------------------------------------------------------

    @Test
    void rollingAnEcCaOverOnceAddsGenerationTwoWithItsLinkCertificatesAndLeavesThenComeFromTheNewKey() throws Exception {
        KeyPair oldKeys = TestCa.ecKeys("secp256r1");
        X509Certificate old = selfSigned(oldKeys, 0, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(3650)));
        Path keystore = TestCa.write(dir, oldKeys, old);
        X509Certificate leafBefore = load(keystore, NOW, POINTERS).issue(leafTemplate("CN=before"));

        CaRollover.Outcome outcome = CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW));

        assertEquals(2, outcome.generation());
        LocalIssuer issuer = load(keystore, NOW.plus(Duration.ofMinutes(1)), POINTERS);
        X509Certificate newWithNew = outcome.newWithNew();
        PublicKey newKey = newWithNew.getPublicKey();
        assertEquals(List.of(2, 1), issuer.keys().stream().map(CaKey::generation).toList());
        assertEquals(List.of(newWithNew, old), issuer.keys().stream().map(CaKey::certificate).toList());
        assertEquals(List.of(newWithNew), issuer.chain());
        List<X509Certificate> all = issuer.caCertificates();
        assertEquals(4, all.size());
        assertEquals(newWithNew, all.get(0));
        assertEquals(old, all.get(1));
        X509Certificate newWithOld = all.get(2);
        X509Certificate oldWithNew = all.get(3);

        assertNotEquals(old.getPublicKey(), newKey, "a new key");
        assertEquals("EC P-256", describe(newKey));
        assertSignedBy(newWithNew, newKey, old.getPublicKey());
        assertEquals(newKey, newWithOld.getPublicKey());
        assertSignedBy(newWithOld, old.getPublicKey(), newKey);
        assertEquals(old.getPublicKey(), oldWithNew.getPublicKey());
        assertSignedBy(oldWithNew, newKey, old.getPublicKey());
        for (X509Certificate certificate : List.of(newWithNew, newWithOld, oldWithNew)) {
            assertEquals(old.getSubjectX500Principal(), certificate.getSubjectX500Principal());
            assertEquals(old.getSubjectX500Principal(), certificate.getIssuerX500Principal());
            assertCaExtensions(certificate, 0);
            assertEquals("1.2.840.10045.4.3.2", certificate.getSigAlgOID(), "ecdsa-with-SHA256");
            assertTrue(certificate.getSerialNumber().signum() > 0);
        }
        assertEquals(4, Stream.of(old, newWithNew, newWithOld, oldWithNew).map(X509Certificate::getSerialNumber)
                .distinct().count(), "the three new certificates have serials of their own");
        assertEquals(NOW, newWithNew.getNotBefore().toInstant());
        assertEquals(lifetime(old), lifetime(newWithNew));
        for (X509Certificate link : List.of(newWithOld, oldWithNew)) {
            assertEquals(NOW, link.getNotBefore().toInstant());
            assertEquals(old.getNotAfter(), link.getNotAfter());
        }
        byte[] oldId = ski(old);
        byte[] newId = ski(newWithNew);
        assertArrayEquals(new JcaX509ExtensionUtils().createSubjectKeyIdentifier(newKey).getKeyIdentifier(), newId);
        assertArrayEquals(newId, aki(newWithNew));
        assertArrayEquals(newId, ski(newWithOld));
        assertArrayEquals(oldId, aki(newWithOld));
        assertArrayEquals(oldId, ski(oldWithNew));
        assertArrayEquals(newId, aki(oldWithNew));

        X509Certificate leafAfter = issuer.issue(leafTemplate("CN=after"));
        assertSignedBy(leafAfter, newKey, old.getPublicKey());
        assertEquals(old.getSubjectX500Principal(), leafAfter.getIssuerX500Principal());
        assertArrayEquals(newId, aki(leafAfter));
        assertEquals(CRLS + ISSUER + ".g2.crl", crlUrl(leafAfter));
        assertSignedBy(leafBefore, old.getPublicKey(), newKey);
        assertArrayEquals(oldId, aki(leafBefore));
        assertEquals(CRLS + ISSUER + ".crl", crlUrl(leafBefore));
    }

    // --- 2. two rollovers, other key kinds --------------------------------------------------------

    @Test
    void rollingOverTwiceGivesGenerationThreeAndSevenCaCertificatesNewestFirstEachOlderKeyWithItsLinks() throws Exception {
        KeyPair firstKeys = TestCa.ecKeys("secp256r1");
        X509Certificate first = selfSigned(firstKeys, 0, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(3650)));
        Path keystore = TestCa.write(dir, firstKeys, first);

        CaRollover.Outcome second = CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW));
        Instant later = NOW.plus(Duration.ofDays(1));
        CaRollover.Outcome third = CaRollover.rollOver(keystore, passwordFile(), null, clockAt(later));

        assertEquals(2, second.generation());
        assertEquals(3, third.generation());
        LocalIssuer issuer = load(keystore, NOW.plus(Duration.ofDays(2)), POINTERS);
        PublicKey k1 = first.getPublicKey();
        PublicKey k2 = second.newWithNew().getPublicKey();
        PublicKey k3 = third.newWithNew().getPublicKey();
        assertEquals(3, Set.of(k1, k2, k3).size());
        assertEquals(List.of(3, 2, 1), issuer.keys().stream().map(CaKey::generation).toList());
        assertEquals(List.of(third.newWithNew(), second.newWithNew(), first),
                issuer.keys().stream().map(CaKey::certificate).toList());
        assertEquals(List.of(third.newWithNew()), issuer.chain());

        List<X509Certificate> all = issuer.caCertificates();
        assertEquals(7, all.size(), "1 + 3 + 3");
        assertEquals(third.newWithNew(), all.get(0));
        assertEquals(second.newWithNew(), all.get(1));
        assertLink(all.get(2), k3, k2);
        assertLink(all.get(3), k2, k3);
        assertEquals(first, all.get(4));
        assertLink(all.get(5), k2, k1);
        assertLink(all.get(6), k1, k2);
        assertSignedBy(third.newWithNew(), k3, k2);
        assertEquals(later, third.newWithNew().getNotBefore().toInstant());
        assertEquals(lifetime(second.newWithNew()), lifetime(third.newWithNew()));
        assertEquals(second.newWithNew().getNotAfter(), all.get(2).getNotAfter(), "links to key 2 end with key 2's certificate");
        assertEquals(second.newWithNew().getNotAfter(), all.get(3).getNotAfter());
        assertEquals(first.getNotAfter(), all.get(5).getNotAfter());
        assertArrayEquals(ski(second.newWithNew()), aki(all.get(2)));
        assertArrayEquals(ski(third.newWithNew()), aki(all.get(3)));

        X509Certificate leaf = issuer.issue(leafTemplate("CN=third"));
        assertSignedBy(leaf, k3, k2);
        assertEquals(CRLS + ISSUER + ".g3.crl", crlUrl(leaf));
    }

    @Test
    void anEd448CaRollsOverToAnotherEd448Key() throws Exception {
        KeyPair oldKeys = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        X509Certificate old = selfSigned(oldKeys, 0, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(100)));
        Path keystore = TestCa.write(dir, oldKeys, old);

        CaRollover.Outcome outcome = CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW));

        assertEquals(org.bouncycastle.asn1.edec.EdECObjectIdentifiers.id_Ed448, org.bouncycastle.asn1.x509.SubjectPublicKeyInfo
                .getInstance(outcome.newWithNew().getPublicKey().getEncoded()).getAlgorithm().getAlgorithm());
        assertLink(load(keystore, NOW, null).caCertificates().get(3), old.getPublicKey(), outcome.newWithNew().getPublicKey());
    }

    @Test
    void anExpiredCaIsNotRolledOver() throws Exception {
        KeyPair oldKeys = TestCa.ecKeys("secp256r1");
        X509Certificate old = selfSigned(oldKeys, 0, NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)));
        Path keystore = TestCa.write(dir, oldKeys, old);
        byte[] before = Files.readAllBytes(keystore);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW)));

        assertTrue(refused.getMessage().contains("has expired"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(keystore));
    }

    @Test
    void anRsa3072CaWithoutPathLengthRollsOverToAnotherRsa3072Key() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(3072);
        KeyPair oldKeys = rsa.generateKeyPair();
        X509Certificate old = selfSigned(oldKeys, null, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1000)));
        Path keystore = TestCa.write(dir, oldKeys, old);

        CaRollover.Outcome outcome = CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW));

        PublicKey newKey = outcome.newWithNew().getPublicKey();
        RSAPublicKey newRsa = assertInstanceOf(RSAPublicKey.class, newKey);
        assertEquals(3072, newRsa.getModulus().bitLength());
        assertNotEquals(((RSAPublicKey) old.getPublicKey()).getModulus(), newRsa.getModulus());
        LocalIssuer issuer = load(keystore, NOW, null);
        List<X509Certificate> all = issuer.caCertificates();
        assertEquals(4, all.size());
        assertLink(all.get(2), newKey, old.getPublicKey());
        assertLink(all.get(3), old.getPublicKey(), newKey);
        for (X509Certificate certificate : List.of(all.get(0), all.get(2), all.get(3))) {
            assertCaExtensions(certificate, Integer.MAX_VALUE);
            assertEquals("1.2.840.113549.1.1.11", certificate.getSigAlgOID(), "sha256WithRSAEncryption");
        }
        X509Certificate leaf = issuer.issue(leafTemplate("CN=rsa-leaf"));
        assertSignedBy(leaf, newKey, old.getPublicKey());
        assertNull(leaf.getExtensionValue(Extension.cRLDistributionPoints.getId()), "no pointers were configured");
    }

    @Test
    void anEcP384CaRollsOverToAnotherP384KeySignedWithSha384() throws Exception {
        KeyPair oldKeys = TestCa.ecKeys("secp384r1");
        X509Certificate old = selfSigned(oldKeys, 1, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(100)));
        Path keystore = TestCa.write(dir, oldKeys, old);

        CaRollover.Outcome outcome = CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW));

        assertEquals("EC P-384", describe(outcome.newWithNew().getPublicKey()));
        List<X509Certificate> all = load(keystore, NOW, null).caCertificates();
        for (X509Certificate certificate : List.of(all.get(0), all.get(2), all.get(3))) {
            assertCaExtensions(certificate, 1);
            assertEquals("1.2.840.10045.4.3.3", certificate.getSigAlgOID(), "ecdsa-with-SHA384");
        }
    }

    // --- 3. the keystore file ---------------------------------------------------------------------

    @Test
    void theKeystoreIsReplacedByANewOwnerOnlyFileThatKeepsTheOldKeyEntryAndLeavesNoTemporaryFile() throws Exception {
        KeyPair oldKeys = TestCa.ecKeys("secp256r1");
        X509Certificate old = selfSigned(oldKeys, 0, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(3650)));
        Path keystore = TestCa.write(dir, oldKeys, old);
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(keystore, ownerOnly);
        byte[] before = Files.readAllBytes(keystore);
        Object fileBefore = Files.readAttributes(keystore, BasicFileAttributes.class).fileKey();

        try (FileChannel openedBefore = FileChannel.open(keystore, StandardOpenOption.READ)) {
            CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW));

            ByteBuffer stillThere = ByteBuffer.allocate(before.length + 1);
            while (openedBefore.read(stillThere) > 0) {
                // reads to the end of what the reader had open
            }
            stillThere.flip();
            byte[] read = new byte[stillThere.remaining()];
            stillThere.get(read);
            assertArrayEquals(before, read, "a reader of the old file still reads all of it, and nothing else");
        }

        assertEquals(new TreeSet<>(List.of("ca.p12", "ca.p12.before-g2", "ca.password")), listing(),
                "no *.new file is left behind; the previous keystore is kept");
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("ca.p12.before-g2")));
        assertEquals(ownerOnly, Files.getPosixFilePermissions(dir.resolve("ca.p12.before-g2")));
        assertNotEquals(fileBefore, Files.readAttributes(keystore, BasicFileAttributes.class).fileKey(),
                "a new file was moved in, the old one was not rewritten in place");
        assertEquals(ownerOnly, Files.getPosixFilePermissions(keystore));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, TestCa.PASSWORD.toCharArray());
        }
        assertEquals(Set.of(ALIAS, ALIAS + ".g2", ALIAS + ".g2.new-with-old", ALIAS + ".g2.old-with-new"),
                Set.copyOf(Collections.list(store.aliases())));
        assertTrue(store.isKeyEntry(ALIAS));
        assertTrue(store.isKeyEntry(ALIAS + ".g2"));
        assertTrue(store.isCertificateEntry(ALIAS + ".g2.new-with-old"));
        assertTrue(store.isCertificateEntry(ALIAS + ".g2.old-with-new"));
        assertArrayEquals(oldKeys.getPrivate().getEncoded(), store.getKey(ALIAS, TestCa.PASSWORD.toCharArray()).getEncoded());
        assertEquals(old, store.getCertificate(ALIAS));

        CaKey oldKey = load(keystore, NOW, null).keys().get(1);
        assertEquals(1, oldKey.generation());
        byte[] message = "the old key still signs".getBytes(StandardCharsets.UTF_8);
        assertTrue(verifies(old.getPublicKey(), "SHA256withECDSA", message, sign(oldKey.signer(), message)),
                "the kept old key is the one the old certificate certifies");
    }

    @Test
    void aPasswordFileEndingInALineEndWorksForRolloverAndLoad() throws Exception {
        for (String lineEnd : List.of("\n", "\r\n")) {
            Path caDir = Files.createDirectory(dir.resolve("ca" + lineEnd.length()));
            KeyPair keys = TestCa.ecKeys("secp256r1");
            Path keystore = TestCa.write(caDir, keys, selfSigned(keys, 0, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(9))));
            Path passwords = Files.writeString(caDir.resolve("ca.password"), TestCa.PASSWORD + lineEnd);

            assertEquals(2, CaRollover.rollOver(keystore, passwords, null, clockAt(NOW)).generation());
            assertEquals(2, LocalIssuer.load(ISSUER, keystore, passwords, null, BC, new SerialNumbers(new SecureRandom()),
                    clockAt(NOW)).keys().size());
        }
    }

    @Test
    void aWrongPasswordFileFailsWithoutNamingThePasswordAndLeavesTheKeystoreAsItWas() throws Exception {
        KeyPair keys = TestCa.ecKeys("secp256r1");
        Path keystore = TestCa.write(dir, keys, selfSigned(keys, 0, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(9))));
        Files.writeString(passwordFile(), "wrong-secret-4711\n");
        byte[] before = Files.readAllBytes(keystore);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW)));

        assertTrue(refused.getMessage().contains(keystore.toString()), refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-secret-4711"), refused.getMessage());
        assertFalse(refused.getMessage().contains(TestCa.PASSWORD), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(keystore));
        assertEquals(new TreeSet<>(List.of("ca.p12", "ca.password")), listing());
    }

    // --- 4. refusals ------------------------------------------------------------------------------

    @Test
    void aSubordinateCaIsRefusedBecauseItsParentCertifiesItsKeyAndItsKeystoreIsLeftByteForByte() throws Exception {
        TestCertificates.Ca root = TestCertificates.Ca.create("CN=Parent CA,O=Estuary Tests");
        KeyPair subKeys = TestCa.ecKeys("secp256r1");
        X509Certificate sub = caCertificate(new X500Name("CN=Subordinate CA,O=Estuary Tests"), subKeys.getPublic(),
                root.name(), root.keys().getPrivate(), 0, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(9)));
        Path keystore = TestCertificates.pkcs12(dir.resolve("ca.p12"), passwordFile(), subKeys.getPrivate(), sub,
                root.certificate());
        byte[] before = Files.readAllBytes(keystore);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW)));

        assertTrue(refused.getMessage().contains("is not self-signed"), refused.getMessage());
        assertTrue(refused.getMessage().contains("a subordinate CA's new key is certified by its parent CA"),
                refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(keystore));
        assertEquals(new TreeSet<>(List.of("ca.p12", "ca.password")), listing());
    }

    @Test
    void aCertificateIssuedToItsOwnNameButSignedByAnotherKeyIsNotSelfSignedEither() throws Exception {
        KeyPair otherKeys = TestCa.ecKeys("secp256r1");
        KeyPair keys = TestCa.ecKeys("secp256r1");
        X509Certificate selfIssued = caCertificate(NAME, keys.getPublic(), NAME, otherKeys.getPrivate(), 0,
                NOW.minusSeconds(60), NOW.plus(Duration.ofDays(9)));
        Path keystore = TestCa.write(dir, keys, selfIssued);
        byte[] before = Files.readAllBytes(keystore);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW)));

        assertTrue(refused.getMessage().contains("is not self-signed"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(keystore));
    }

    @Test
    void aLaterKeyWithoutEitherOfItsLinkCertificatesIsRefusedByLoad() throws Exception {
        for (String missing : List.of(CaRollover.NEW_WITH_OLD, CaRollover.OLD_WITH_NEW)) {
            Path caDir = Files.createDirectory(dir.resolve("without" + missing));
            KeyPair keys = TestCa.ecKeys("secp256r1");
            Path keystore = TestCa.write(caDir, keys, selfSigned(keys, 0, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(9))));
            Path passwords = caDir.resolve("ca.password");
            CaRollover.rollOver(keystore, passwords, null, clockAt(NOW));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keystore)) {
                store.load(in, TestCa.PASSWORD.toCharArray());
            }
            assertTrue(store.containsAlias(ALIAS + ".g2" + missing));
            store.deleteEntry(ALIAS + ".g2" + missing);
            try (OutputStream out = Files.newOutputStream(keystore)) {
                store.store(out, TestCa.PASSWORD.toCharArray());
            }

            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> LocalIssuer.load(ISSUER,
                    keystore, passwords, null, BC, new SerialNumbers(new SecureRandom()), clockAt(NOW)));

            assertEquals("issuer " + ISSUER + ": a rolled-over key in " + keystore + " lacks its link certificates",
                    refused.getMessage(), missing);
        }
    }

    // --- 5. expired older keys --------------------------------------------------------------------

    @Test
    void anOlderKeyWhoseCertificateExpiredIsLeftOutWithItsLinksButTheNewestKeyAlwaysStays() throws Exception {
        KeyPair firstKeys = TestCa.ecKeys("secp256r1");
        Instant firstEnds = NOW.plus(Duration.ofDays(10));
        X509Certificate first = selfSigned(firstKeys, 0, NOW.minus(Duration.ofHours(1)), firstEnds);
        Path keystore = TestCa.write(dir, firstKeys, first);
        X509Certificate second = CaRollover.rollOver(keystore, passwordFile(), null, clockAt(NOW)).newWithNew();
        X509Certificate third = CaRollover.rollOver(keystore, passwordFile(), null,
                clockAt(NOW.plus(Duration.ofDays(5)))).newWithNew();
        Instant secondEnds = second.getNotAfter().toInstant();
        Instant thirdEnds = third.getNotAfter().toInstant();
        assertEquals(firstEnds.plus(Duration.ofHours(1)), secondEnds, "as long-lived as the first, from the rollover on");
        assertTrue(thirdEnds.isAfter(secondEnds));

        LocalIssuer allValid = load(keystore, firstEnds.minusSeconds(1), null);
        assertEquals(List.of(3, 2, 1), generations(allValid));
        assertEquals(7, allValid.caCertificates().size());

        LocalIssuer firstExpired = load(keystore, firstEnds.plus(Duration.ofMinutes(30)), null);
        assertEquals(List.of(3, 2), generations(firstExpired));
        List<X509Certificate> withoutFirst = firstExpired.caCertificates();
        assertEquals(4, withoutFirst.size());
        assertEquals(List.of(third, second), withoutFirst.subList(0, 2));
        assertLink(withoutFirst.get(2), third.getPublicKey(), second.getPublicKey());
        assertLink(withoutFirst.get(3), second.getPublicKey(), third.getPublicKey());
        assertFalse(withoutFirst.contains(first));
        assertTrue(withoutFirst.stream().noneMatch(certificate -> certificate.getPublicKey().equals(first.getPublicKey())),
                "no link certificate of the first key either");

        LocalIssuer onlyNewest = load(keystore, secondEnds.plus(Duration.ofDays(1)), null);
        assertEquals(List.of(3), generations(onlyNewest));
        assertEquals(List.of(third), onlyNewest.caCertificates());

        LocalIssuer allExpired = load(keystore, thirdEnds.plus(Duration.ofDays(1)), null);
        assertEquals(List.of(3), generations(allExpired), "the newest key is listed even when its certificate expired");
        assertEquals(List.of(third), allExpired.chain());
        assertEquals(List.of(third), allExpired.caCertificates());
    }

    // --- 6. names of later keys and their CRLs ----------------------------------------------------

    @Test
    void firstKeyEntrySkipsTheKeysARolloverAddedEvenWhenTheyComeFirst() throws Exception {
        KeyPair keys = TestCa.ecKeys("secp256r1");
        X509Certificate certificate = selfSigned(keys, 0, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(9)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("a-trusted-certificate", certificate);
        store.setKeyEntry("ca.g2", keys.getPrivate(), TestCa.PASSWORD.toCharArray(), new X509Certificate[] {certificate});
        store.setKeyEntry("ca.g10", keys.getPrivate(), TestCa.PASSWORD.toCharArray(), new X509Certificate[] {certificate});

        assertNull(LocalIssuer.firstKeyEntry(store), "only later keys: none to start from");

        store.setKeyEntry("ca", keys.getPrivate(), TestCa.PASSWORD.toCharArray(), new X509Certificate[] {certificate});
        List<String> aliases = Collections.list(store.aliases());
        assertTrue(aliases.indexOf("ca.g2") < aliases.indexOf("ca") && aliases.indexOf("ca.g10") < aliases.indexOf("ca"),
                "the later keys are enumerated first: " + aliases);
        assertEquals("ca", LocalIssuer.firstKeyEntry(store));
    }

    @Test
    void parseCrlIdReadsTheFirstKeyAndLaterGenerationsAndNothingElse() {
        assertEquals(Optional.of(new CaKey.Named("iss-local", 1)), CaKey.parseCrlId("iss-local"));
        assertEquals(Optional.of(new CaKey.Named("iss-local", 2)), CaKey.parseCrlId("iss-local.g2"));
        assertEquals(Optional.of(new CaKey.Named("iss-local", 10)), CaKey.parseCrlId("iss-local.g10"));
        for (String notAKey : List.of("iss-local.g1", "iss-local.g0", "iss-local.gx", "iss-local.g0002", "iss-local.g",
                "iss-local.g-2", "iss-local.g2x", "iss-local.g1000000")) {
            assertEquals(Optional.empty(), CaKey.parseCrlId(notAKey), notAKey);
        }
    }

    @Test
    void crlIdRoundTripsThroughParseCrlIdAndToStringShowsNoKeyMaterial() throws Exception {
        KeyPair keys = TestCa.ecKeys("secp256r1");
        X509Certificate certificate = selfSigned(keys, 0, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(9)));
        assertEquals("iss-local", new CaKey(1, certificate, keys.getPrivate(), BC).crlId("iss-local"));
        assertEquals("iss-local.g2", new CaKey(2, certificate, keys.getPrivate(), BC).crlId("iss-local"));
        for (int generation : new int[] {1, 2, 3, 9, 10, 42, 999_999}) {
            CaKey key = new CaKey(generation, certificate, keys.getPrivate(), BC);
            assertEquals(Optional.of(new CaKey.Named("iss-local", generation)), CaKey.parseCrlId(key.crlId("iss-local")));
        }

        CaKey key = new CaKey(2, certificate, keys.getPrivate(), BC);
        String shown = key.toString();
        assertEquals("CA key generation 2 of " + certificate.getSubjectX500Principal(), shown);
        BigInteger secret = ((ECPrivateKey) keys.getPrivate()).getS();
        assertFalse(shown.contains(secret.toString()));
        assertFalse(shown.toLowerCase().contains(secret.toString(16)));
        assertFalse(shown.contains(Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded())));
        assertFalse(shown.contains(HexFormat.of().formatHex(keys.getPrivate().getEncoded())));
    }

    // --- helpers ----------------------------------------------------------------------------------

    private Path passwordFile() {
        return dir.resolve("ca.password");
    }

    private Set<String> listing() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private LocalIssuer load(Path keystore, Instant now, RevocationPointers pointers) {
        return LocalIssuer.load(ISSUER, keystore, passwordFile(), null, BC, new SerialNumbers(new SecureRandom()),
                clockAt(now), pointers);
    }

    private static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static List<Integer> generations(LocalIssuer issuer) {
        return issuer.keys().stream().map(CaKey::generation).toList();
    }

    private static X509Certificate selfSigned(KeyPair keys, Integer pathLength, Instant notBefore, Instant notAfter)
            throws Exception {
        return caCertificate(NAME, keys.getPublic(), NAME, keys.getPrivate(), pathLength, notBefore, notAfter);
    }

    /** A CA certificate as an operator's tool makes it: basic constraints (with {@code pathLength} unless null), key usage, SKI. */
    private static X509Certificate caCertificate(X500Name subject, PublicKey key, X500Name issuer, PrivateKey signer,
            Integer pathLength, Instant notBefore, Instant notAfter) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                subject, key);
        builder.addExtension(Extension.basicConstraints, true,
                pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key));
        String algorithm = signer instanceof java.security.interfaces.EdECPrivateKey edwards ? edwards.getParams().getName()
                : signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
    }

    private static LeafTemplate leafTemplate(String subject) throws Exception {
        return new LeafTemplate(new X500Name(subject),
                SubjectPublicKeyInfo.getInstance(TestCa.ecKeys("secp256r1").getPublic().getEncoded()), null,
                Duration.ofDays(30), List.of(KeyPurposeId.id_kp_clientAuth), false);
    }

    /** Verifies with {@code signer} and fails to verify with {@code notSigner}. */
    private static void assertSignedBy(X509Certificate certificate, PublicKey signer, PublicKey notSigner) throws Exception {
        certificate.verify(signer);
        assertThrows(SignatureException.class, () -> certificate.verify(notSigner));
    }

    /** A link certificate: a CA certificate for {@code subjectKey}, signed by {@code signerKey}, to and from the same name. */
    private static void assertLink(X509Certificate link, PublicKey subjectKey, PublicKey signerKey) throws Exception {
        assertEquals(subjectKey, link.getPublicKey());
        assertSignedBy(link, signerKey, subjectKey);
        assertEquals(link.getSubjectX500Principal(), link.getIssuerX500Principal());
        assertArrayEquals(new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKey).getKeyIdentifier(), ski(link));
        assertArrayEquals(new JcaX509ExtensionUtils().createSubjectKeyIdentifier(signerKey).getKeyIdentifier(), aki(link));
    }

    /** cA TRUE with {@code pathLength} (MAX_VALUE: none), keyCertSign and cRLSign only, both critical. */
    private static void assertCaExtensions(X509Certificate certificate, int pathLength) throws Exception {
        assertEquals(pathLength, certificate.getBasicConstraints());
        assertTrue(certificate.getCriticalExtensionOIDs().contains(Extension.basicConstraints.getId()));
        assertArrayEquals(new boolean[] {false, false, false, false, false, true, true, false, false}, certificate.getKeyUsage());
        assertTrue(certificate.getCriticalExtensionOIDs().contains(Extension.keyUsage.getId()));
    }

    private static Duration lifetime(X509Certificate certificate) {
        return Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }

    private static String describe(PublicKey key) {
        return KeyDescription.of(SubjectPublicKeyInfo.getInstance(key.getEncoded())).toString();
    }

    private static byte[] ski(X509Certificate certificate) throws Exception {
        return SubjectKeyIdentifier.fromExtensions(new X509CertificateHolder(certificate.getEncoded()).getExtensions())
                .getKeyIdentifier();
    }

    private static byte[] aki(X509Certificate certificate) throws Exception {
        return AuthorityKeyIdentifier.fromExtensions(new X509CertificateHolder(certificate.getEncoded()).getExtensions())
                .getKeyIdentifierOctets();
    }

    private static String crlUrl(X509Certificate leaf) throws Exception {
        CRLDistPoint points = CRLDistPoint.fromExtensions(new X509CertificateHolder(leaf.getEncoded()).getExtensions());
        assertEquals(1, points.getDistributionPoints().length);
        return GeneralNames.getInstance(points.getDistributionPoints()[0].getDistributionPoint().getName()).getNames()[0]
                .getName().toString();
    }

    private static byte[] sign(ContentSigner signer, byte[] message) throws Exception {
        try (OutputStream out = signer.getOutputStream()) {
            out.write(message);
        }
        return signer.getSignature();
    }

    private static boolean verifies(PublicKey key, String algorithm, byte[] message, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }
}
