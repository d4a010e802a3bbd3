package org.estuary.profile.entity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The key pairs the server generates for /serverkeygen (RFC 7030 §4.4): "Proper random number and
 * key generation [RFC4086] is a server implementation responsibility".
 */
public enum ServerKeyGeneration {
    EC_P256("EC", "secp256r1", 0),
    EC_P384("EC", "secp384r1", 0),
    RSA_2048("RSA", null, 2048),
    RSA_3072("RSA", null, 3072),
    RSA_4096("RSA", null, 4096);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String algorithm;
    private final String curve;
    private final int bits;

    ServerKeyGeneration(String algorithm, String curve, int bits) {
        this.algorithm = algorithm;
        this.curve = curve;
        this.bits = bits;
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

    public KeyPair generate(Provider provider) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, provider);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            } else {
                generator.initialize(bits, RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("cannot generate a " + this + " key", unavailable);
        }
    }
}
