package org.estuary.revocation.control;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.estuary.ca.control.LeafTemplate;
import org.estuary.ca.control.LocalIssuer;
import org.estuary.ca.control.SerialNumbers;
import org.estuary.ca.control.TestCa;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.ca.entity.IssuedCertificateFacts;

/** A throw-away local CA with leaves and their records, for the CRL and OCSP tests. */
final class RevocationTestCa {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    final KeyPair keys;
    final X509Certificate certificate;
    final LocalIssuer issuer;

    RevocationTestCa(Path dir) throws Exception {
        keys = TestCa.ecKeys("secp256r1");
        certificate = TestCa.caCertificate(keys, NOW.plus(Duration.ofDays(3650)), true);
        Path keystore = TestCa.write(dir, keys, certificate);
        issuer = LocalIssuer.load("iss-test", keystore, dir.resolve("ca.password"), null, new BouncyCastleProvider(),
                new SerialNumbers(new SecureRandom()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    X509Certificate leaf(String commonName) throws Exception {
        return issuer.issue(new LeafTemplate(new X500Name("CN=" + commonName),
                SubjectPublicKeyInfo.getInstance(TestCa.ecKeys("secp256r1").getPublic().getEncoded()), null,
                Duration.ofDays(30), List.of(KeyPurposeId.id_kp_clientAuth), false));
    }

    static IssuedCertificate recordOf(X509Certificate leaf) {
        return new IssuedCertificate(IssuedCertificateFacts.of("iss-test", leaf), "default", null,
                IssuedCertificate.SOURCE_EST, null, LocalDateTime.ofInstant(NOW, ZoneOffset.UTC));
    }
}
