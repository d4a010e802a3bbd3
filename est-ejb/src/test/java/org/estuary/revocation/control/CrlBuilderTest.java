package org.estuary.revocation.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.estuary.revocation.entity.RevocationReason;
import org.estuary.revocation.entity.RevokedCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrlBuilderTest {

    private static final Instant NOW = RevocationTestCa.NOW;

    @TempDir
    Path dir;

    private RevocationTestCa ca;

    @BeforeEach
    void newCa() throws Exception {
        ca = new RevocationTestCa(dir);
    }

    @Test
    void aCrlIsAV2CrlOfTheCaSignedByItsKeyWithNumberAkiAndUpdateTimes() throws Exception {
        byte[] der = CrlBuilder.build(ca.certificate, ca.issuer.contentSigner(), BigInteger.valueOf(42), NOW,
                NOW.plus(Duration.ofHours(1)), List.of());

        X509CRL crl = parse(der);
        crl.verify(ca.certificate.getPublicKey());
        assertEquals(2, crl.getVersion());
        assertEquals(ca.certificate.getSubjectX500Principal(), crl.getIssuerX500Principal());
        assertEquals(ca.certificate.getSigAlgOID(), crl.getSigAlgOID(), "the CRL is signed as the leaves are");
        assertEquals(NOW, crl.getThisUpdate().toInstant());
        assertEquals(NOW.plus(Duration.ofHours(1)), crl.getNextUpdate().toInstant());
        assertNull(crl.getRevokedCertificates());
        X509CRLHolder holder = new X509CRLHolder(der);
        assertEquals(BigInteger.valueOf(42), CRLNumber.getInstance(holder.getExtension(Extension.cRLNumber).getParsedValue())
                .getCRLNumber());
        assertFalse(holder.getExtension(Extension.cRLNumber).isCritical());
        byte[] caKeyId = SubjectKeyIdentifier.fromExtensions(new X509CertificateHolder(ca.certificate.getEncoded())
                .getExtensions()).getKeyIdentifier();
        assertArrayEquals(caKeyId, AuthorityKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifierOctets());
    }

    @Test
    void eachRevokedCertificateIsAnEntryWithItsDateAndAReasonCodeUnlessUnspecified() throws Exception {
        BigInteger compromised = ca.leaf("a").getSerialNumber();
        BigInteger unspecified = ca.leaf("b").getSerialNumber();
        BigInteger superseded = ca.leaf("c").getSerialNumber();
        Instant revokedAt = NOW.minus(Duration.ofMinutes(5));

        byte[] der = CrlBuilder.build(ca.certificate, ca.issuer.contentSigner(), BigInteger.ONE, NOW, NOW.plus(Duration.ofHours(1)),
                List.of(new RevokedCertificate(compromised, revokedAt, RevocationReason.KEY_COMPROMISE),
                        new RevokedCertificate(unspecified, revokedAt, RevocationReason.UNSPECIFIED),
                        new RevokedCertificate(superseded, NOW, RevocationReason.SUPERSEDED)));

        X509CRL crl = parse(der);
        crl.verify(ca.certificate.getPublicKey());
        assertEquals(3, crl.getRevokedCertificates().size());
        X509CRLEntry first = crl.getRevokedCertificate(compromised);
        assertEquals(revokedAt, first.getRevocationDate().toInstant());
        X509CRLHolder holder = new X509CRLHolder(der);
        assertEquals(1, reasonCodeOf(holder.getRevokedCertificate(compromised)));
        assertNull(holder.getRevokedCertificate(unspecified).getExtensions(), "RFC 5280 §5.3.1: no reasonCode for unspecified");
        assertEquals(4, reasonCodeOf(holder.getRevokedCertificate(superseded)));
        assertFalse(holder.getRevokedCertificate(compromised).getExtension(Extension.reasonCode).isCritical());
        assertFalse(crl.isRevoked(ca.leaf("not-listed")));
    }

    @Test
    void aNextUpdateNotAfterThisUpdateOrANegativeNumberIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CrlBuilder.build(ca.certificate, ca.issuer.contentSigner(),
                BigInteger.ONE, NOW, NOW, List.of()));
        assertThrows(IllegalArgumentException.class, () -> CrlBuilder.build(ca.certificate, ca.issuer.contentSigner(),
                BigInteger.valueOf(-1), NOW, NOW.plusSeconds(1), List.of()));
    }

    private static int reasonCodeOf(X509CRLEntryHolder entry) {
        return ASN1Enumerated.getInstance(entry.getExtensions().getExtension(Extension.reasonCode).getParsedValue())
                .intValueExact();
    }

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }
}
