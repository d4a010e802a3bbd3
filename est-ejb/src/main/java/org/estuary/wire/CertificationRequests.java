package org.estuary.wire;

import java.io.IOException;
import java.security.Provider;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/** Decodes PKCS#10 certification requests and checks their proof of possession. */
public final class CertificationRequests {

    private CertificationRequests() {
    }

    /**
     * Parses {@code der} and verifies the request's self-signature with the first of {@code providers}
     * that knows its key and signature algorithm.
     *
     * <p>RFC 7030 §3.4 and §4.2.1: the CSR signature proves that the client holds the private key
     * of the public key it asks to have certified; a request whose signature fails is refused.
     */
    public static PKCS10CertificationRequest decodeVerified(byte[] der, Provider... providers) throws MalformedMessage {
        PKCS10CertificationRequest csr = decode(der);
        for (Provider provider : providers) {
            boolean valid;
            try {
                ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder()
                        .setProvider(provider)
                        .build(csr.getSubjectPublicKeyInfo());
                valid = csr.isSignatureValid(verifier);
            } catch (OperatorCreationException | PKCSException | RuntimeException unverifiable) {
                continue;
            }
            if (!valid) {
                throw new MalformedMessage("CSR signature does not verify");
            }
            return csr;
        }
        throw new MalformedMessage("CSR signature cannot be verified (unsupported key or signature algorithm)");
    }

    /**
     * Parses {@code der} without checking its signature: RFC 7030 §4.4.1, for /serverkeygen "the
     * server MUST ignore the public key values and signature in the CSR".
     */
    public static PKCS10CertificationRequest decode(byte[] der) throws MalformedMessage {
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(der);
            csr.getSubject();
            return csr;
        } catch (IOException | RuntimeException notACsr) {
            throw new MalformedMessage("request body is not a PKCS#10 certification request");
        }
    }
}
