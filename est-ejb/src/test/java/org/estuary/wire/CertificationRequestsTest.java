package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.Provider;
import java.security.SecureRandom;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class CertificationRequestsTest {

    private static final Provider BC = new BouncyCastleProvider();

    @Test
    void rfc7030EnrollRequestParsesAndItsSignatureVerifies() throws MalformedMessage {
        PKCS10CertificationRequest csr = CertificationRequests.decodeVerified(
                RequestBodies.derOf(Rfc7030Vectors.simpleEnrollRequest()), BC);

        assertEquals("CN=demostep4 1368141352", csr.getSubject().toString());
    }

    @Test
    void aTamperedSignatureIsRefused() throws MalformedMessage {
        byte[] der = RequestBodies.derOf(Rfc7030Vectors.simpleEnrollRequest());
        der[der.length - 10] ^= 0x40;

        MalformedMessage refused = assertThrows(MalformedMessage.class, () -> CertificationRequests.decodeVerified(der, BC));
        assertEquals("CSR signature does not verify", refused.getMessage());
    }

    @Test
    void anRsaKeyWithAHugeExponentIsRefusedBeforeAnyArithmetic() throws Exception {
        // A random odd 16384-bit modulus and exponent: checking and verifying such a key cost seconds.
        byte[] der = rsaCsrWithBogusSignature(oddNumber(16384), oddNumber(16384));

        long start = System.nanoTime();
        MalformedMessage refused = assertThrows(MalformedMessage.class, () -> CertificationRequests.decodeVerified(der, BC));

        assertEquals("CSR RSA public exponent is out of range (below 2^256, FIPS 186-5)", refused.getMessage());
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "refused without the arithmetic");
    }

    @Test
    void anRsaKeyAboveTheLargestModulusIsRefused() throws Exception {
        byte[] der = rsaCsrWithBogusSignature(oddNumber(100_000), BigInteger.valueOf(65537));

        MalformedMessage refused = assertThrows(MalformedMessage.class, () -> CertificationRequests.decodeVerified(der, BC));

        assertEquals("CSR RSA key is larger than 16384 bits", refused.getMessage());
    }

    @Test
    void aTamperedSubjectIsRefused() throws MalformedMessage {
        byte[] der = RequestBodies.derOf(Rfc7030Vectors.simpleEnrollRequest());
        int subjectText = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("demostep4");
        der[subjectText] = 'D';

        assertThrows(MalformedMessage.class, () -> CertificationRequests.decodeVerified(der, BC));
    }

    @Test
    void somethingElseIsNotACsr() {
        MalformedMessage refused = assertThrows(MalformedMessage.class,
                () -> CertificationRequests.decodeVerified(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, BC));
        assertEquals("request body is not a PKCS#10 certification request", refused.getMessage());
    }

    private static BigInteger oddNumber(int bits) {
        return new BigInteger(bits, new SecureRandom()).setBit(bits - 1).setBit(0);
    }

    /** A CSR for the RSA key (modulus, exponent) with a signature of random bytes: no such key is ever generated. */
    private static byte[] rsaCsrWithBogusSignature(BigInteger modulus, BigInteger exponent) throws Exception {
        SubjectPublicKeyInfo key = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), new RSAPublicKey(modulus, exponent));
        byte[] signature = new byte[modulus.bitLength() / 8];
        new SecureRandom().nextBytes(signature);
        return new CertificationRequest(new CertificationRequestInfo(new X500Name("CN=huge"), key, new DERSet()),
                new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE),
                new DERBitString(signature)).getEncoded();
    }
}
