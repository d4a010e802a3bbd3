package org.estuary.ca.control;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Throw-away CAs for unit tests, written as a PKCS#12 and password file like server-config/prepare writes them. */
public final class TestCa {

    public static final String PASSWORD = "test-password";

    private TestCa() {
    }

    public static KeyPair ecKeys(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    public static X509Certificate caCertificate(KeyPair keys, Instant notAfter, boolean ca) throws Exception {
        X500Name name = new X500Name("CN=Test CA,O=Estuary Tests");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(Instant.now().minusSeconds(3600)), Date.from(notAfter), name, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    /** Writes {@code keys} and {@code certificate} as {@code ca.p12} with {@code ca.password} in {@code dir}. */
    public static Path write(Path dir, KeyPair keys, X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("test-ca", keys.getPrivate(), PASSWORD.toCharArray(), new X509Certificate[] {certificate});
        Path keystore = dir.resolve("ca.p12");
        try (var out = Files.newOutputStream(keystore)) {
            store.store(out, PASSWORD.toCharArray());
        }
        Files.writeString(dir.resolve("ca.password"), PASSWORD + "\n");
        return keystore;
    }
}
