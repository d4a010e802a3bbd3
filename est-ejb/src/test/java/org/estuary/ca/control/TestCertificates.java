package org.estuary.ca.control;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Certificates and the files they travel in for the issuer unit tests: throw-away EC CAs made with
 * Bouncy Castle (for TLS, for an upstream CA, for an RA client), the leaves they sign, PKCS#10
 * requests, and PEM and PKCS#12 files written the way an operator hands them to Estuary.
 */
final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    /** A self-signed EC P-256 CA valid from an hour ago for a day. */
    record Ca(X500Name name, KeyPair keys, X509Certificate certificate) {

        static Ca create(String name) throws Exception {
            KeyPair keys = TestCa.ecKeys("secp256r1");
            X500Name x500 = new X500Name(name);
            return new Ca(x500, keys, sign(x500, keys.getPublic(), x500, keys.getPrivate(), true, null));
        }

        /** A leaf for {@code key}, with {@code purpose} as its only extended key usage and {@code names} as its SANs. */
        X509Certificate issue(String subject, PublicKey key, KeyPurposeId purpose, GeneralName... names)
                throws Exception {
            return sign(new X500Name(subject), key, name, keys.getPrivate(), false, purpose, names);
        }
    }

    private static X509Certificate sign(X500Name subject, PublicKey key, X500Name issuer, PrivateKey signer,
            boolean ca, KeyPurposeId purpose, GeneralName... names) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        if (purpose != null) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (names.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    /** A PKCS#10 request for {@code keys}, signed with them, as a device sends it. */
    static PKCS10CertificationRequest csr(String subject, KeyPair keys) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    }

    /** Writes {@code certificates} to {@code file} as PEM, in order. */
    static Path pem(Path file, X509Certificate... certificates) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                pem.writeObject(certificate);
            }
        }
        return file;
    }

    /**
     * Writes {@code key} with {@code chain} as a PKCS#12 {@code file} protected by {@link TestCa#PASSWORD},
     * and that password, with a line end, to {@code passwordFile}.
     */
    static Path pkcs12(Path file, Path passwordFile, PrivateKey key, X509Certificate... chain) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", key, TestCa.PASSWORD.toCharArray(), chain);
        try (var out = Files.newOutputStream(file)) {
            store.store(out, TestCa.PASSWORD.toCharArray());
        }
        Files.writeString(passwordFile, TestCa.PASSWORD + "\n");
        return file;
    }
}
