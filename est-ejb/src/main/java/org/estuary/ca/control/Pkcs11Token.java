package org.estuary.ca.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.login.LoginException;

/**
 * A CA key on a PKCS#11 token, reached through the JDK's SunPKCS11 provider: the key stays on the
 * token and the token signs. The provider is our own instance, never registered with
 * {@link Security}, so nothing else in the server picks it.
 *
 * @param library the token's PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param slot the slot id, or null to take the {@code slotListIndex}-th slot with a token
 * @param pinFile the user PIN, in a file only the server's user reads
 * @param keyLabel the key's label (CKA_LABEL), which is also its certificate's
 * @param certificateChain a PEM file with the CA certificate and its issuers, or null for the
 *     certificate stored on the token with the key
 */
public record Pkcs11Token(Path library, Long slot, int slotListIndex, Path pinFile, String keyLabel,
        Path certificateChain) {

    /**
     * Logs in and loads the issuer. Refuses a key the token would hand out in the clear (neither
     * sensitive nor non-extractable) and a certificate chain whose first certificate is not the key's.
     * Messages name the issuer, the token and what is wrong, never the PIN.
     */
    LocalIssuer issuer(String id, SerialNumbers serialNumbers, Clock clock, RevocationPointers revocationPointers) {
        Provider token = provider(id);
        char[] pin = LocalIssuer.readPassword(id, pinFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", token);
            store.load(null, pin);
            if (!store.isKeyEntry(keyLabel)) {
                throw new IllegalStateException("issuer " + id + ": no private key labelled '" + keyLabel
                        + "' with its certificate on the token in " + where() + " (labels there: "
                        + String.join(", ", java.util.Collections.list(store.aliases())) + ")");
            }
            PrivateKey key = (PrivateKey) store.getKey(keyLabel, null);
            if (key.getEncoded() != null) {
                throw new IllegalStateException("issuer " + id + ": the key '" + keyLabel + "' in " + where()
                        + " can be read off the token (it is neither CKA_SENSITIVE nor non-extractable); "
                        + "a CA key on a token must not be");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : store.getCertificateChain(keyLabel)) {
                chain.add((X509Certificate) certificate);
            }
            if (certificateChain != null) {
                List<X509Certificate> configured = readChain(id, certificateChain);
                if (!configured.get(0).getPublicKey().equals(chain.get(0).getPublicKey())) {
                    throw new IllegalStateException("issuer " + id + ": the first certificate in " + certificateChain
                            + " is not for the key '" + keyLabel + "' on the token");
                }
                chain = configured;
            }
            return LocalIssuer.of(id, key, chain, token, serialNumbers, clock, revocationPointers);
        } catch (IOException | GeneralSecurityException cannotOpen) {
            String reason = Causes.causedBy(cannotOpen, LoginException.class) ? "the token refused the PIN in " + pinFile
                    : cannotOpen.getClass().getSimpleName() + ": " + cannotOpen.getMessage();
            throw new IllegalStateException("issuer " + id + ": cannot open the token in " + where() + ": " + reason,
                    cannotOpen);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /** SunPKCS11 configured for this token (the JDK's PKCS#11 guide, "SunPKCS11 configuration"). */
    private Provider provider(String id) {
        if (!Files.isReadable(library)) {
            throw new IllegalStateException("issuer " + id + ": no readable PKCS#11 library " + library);
        }
        String name = "Estuary" + id.replaceAll("[^A-Za-z0-9]", "");
        String config = "--name=" + name + "\nlibrary=" + library + "\n"
                + (slot != null ? "slot=" + slot : "slotListIndex=" + slotListIndex) + "\n";
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new IllegalStateException("issuer " + id + ": this JVM has no SunPKCS11 provider");
        }
        try {
            return base.configure(config);
        } catch (RuntimeException unusable) {
            throw new IllegalStateException("issuer " + id + ": SunPKCS11 cannot use " + where() + ": "
                    + unusable.getMessage(), unusable);
        }
    }

    private String where() {
        return library + (slot != null ? " slot " + slot : " slot list index " + slotListIndex);
    }

    private static List<X509Certificate> readChain(String id, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) certificate);
            }
            if (chain.isEmpty()) {
                throw new IllegalStateException("issuer " + id + ": no certificate in " + file);
            }
            return chain;
        } catch (IOException | GeneralSecurityException unreadable) {
            throw new IllegalStateException("issuer " + id + ": cannot read the certificate chain " + file, unreadable);
        }
    }

}
