package org.estuary.cli;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** New keys and the CSRs {@code est} makes for them: EC P-256 signed with SHA-256, what every EST server takes. */
final class Csrs {

    /** A key pair and its CSR. */
    record KeyAndCsr(KeyPair keys, PKCS10CertificationRequest csr) {
    }

    private Csrs() {
    }

    static KeyAndCsr generate(X500Name subject, ASN1ObjectIdentifier attribute, ASN1Encodable value) throws CliFailure {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic());
            if (attribute != null) {
                builder.addAttribute(attribute, value);
            }
            return new KeyAndCsr(keys, builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException impossible) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot make an EC P-256 key: " + impossible.getMessage());
        }
    }

    static X500Name subject(String text) throws CliFailure {
        try {
            return new X500Name(text);
        } catch (IllegalArgumentException malformed) {
            throw new CliFailure(ExitCode.USAGE, "--subject: not a distinguished name: " + text + " (e.g. CN=device-1,O=Example)");
        }
    }
}
