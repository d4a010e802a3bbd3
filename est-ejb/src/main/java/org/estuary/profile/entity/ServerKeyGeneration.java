package org.estuary.profile.entity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import org.estuary.ca.entity.KeyDescription;
import org.estuary.ca.entity.KeyDescription.Family;

/**
 * The key pairs the server generates for /serverkeygen (RFC 7030 §4.4): "Proper random number and
 * key generation [RFC4086] is a server implementation responsibility".
 */
public enum ServerKeyGeneration {
    EC_P256("secp256r1", new KeyDescription(Family.EC, 256, "P-256")),
    EC_P384("secp384r1", new KeyDescription(Family.EC, 384, "P-384")),
    RSA_2048(null, new KeyDescription(Family.RSA, 2048, null)),
    RSA_3072(null, new KeyDescription(Family.RSA, 3072, null)),
    RSA_4096(null, new KeyDescription(Family.RSA, 4096, null));

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String curve;
    private final KeyDescription description;

    ServerKeyGeneration(String curve, KeyDescription description) {
        this.curve = curve;
        this.description = description;
    }

    /** Reads the configuration spelling: {@code EC-P256}, {@code EC-P384}, {@code RSA-2048}, {@code RSA-3072}, {@code RSA-4096}. */
    public static ServerKeyGeneration of(String configured) {
        try {
            return valueOf(configured.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown serverkeygen key algorithm '" + configured
                    + "' (EC-P256, EC-P384, RSA-2048, RSA-3072 or RSA-4096)");
        }
    }

    /** The key this generates, as the policy describes keys. */
    public KeyDescription description() {
        return description;
    }

    public KeyPair generate(Provider provider) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(description.family().name(), provider);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            } else {
                generator.initialize(description.bits(), RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("cannot generate a " + this + " key", unavailable);
        }
    }
}
