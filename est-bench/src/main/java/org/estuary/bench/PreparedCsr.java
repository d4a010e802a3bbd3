package org.estuary.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * One enrollment made ready before the clock starts: a CSR for a fresh EC P-256 key, as the base64
 * body simpleenroll takes, and the public key the answer must certify. The private key is dropped:
 * the benchmark never uses the certificates.
 *
 * @param body the CSR's DER in base64, ASCII, no line breaks (RFC 7030 §4.2.1, RFC 8951 §3.2)
 * @param publicKey the CSR's SubjectPublicKeyInfo, DER
 */
record PreparedCsr(String subject, byte[] body, byte[] publicKey) {

    /**
     * {@code count} CSRs with the subjects CN=bench-{@code run}-{@code first}…, made on all cores with
     * the platform's default provider (the client's work, not the server's).
     */
    static List<PreparedCsr> generate(String run, int first, int count) {
        return IntStream.range(first, first + count).parallel()
                .mapToObj(n -> one("CN=bench-" + run + "-" + n))
                .toList();
    }

    static PreparedCsr one(String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keyPair = generator.generateKeyPair();
            byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()))
                    .getEncoded();
            return new PreparedCsr(subject, Base64.getEncoder().encode(der), keyPair.getPublic().getEncoded());
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException unexpected) {
            throw new IllegalStateException("cannot make a CSR for " + subject, unexpected);
        }
    }
}
