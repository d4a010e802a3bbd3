package org.estuary.auth.control;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console passwords as configuration stores them: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}
 * (PBKDF2 with HMAC-SHA256, base64 salt and 32-byte hash; OWASP's 600,000 iterations for new ones).
 * {@code server-config/ConsolePassword.java} writes the same format.
 */
public final class PasswordHashes {

    public static final String SCHEME = "pbkdf2-sha256";
    static final int ITERATIONS = 600_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int HASH_BYTES = 32;

    private PasswordHashes() {
    }

    /** A new hash of {@code password} with a random salt. */
    public static String hash(char[] password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return SCHEME + "$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    /** @throws IllegalArgumentException when {@code stored} is not a hash of this format */
    public static void requireWellFormed(String stored) {
        parse(stored);
    }

    /** Whether {@code password} is the one {@code stored} was made from; compared in constant time. */
    public static boolean matches(String stored, char[] password) {
        Parsed parsed = parse(stored);
        return MessageDigest.isEqual(parsed.hash(), pbkdf2(password, parsed.salt(), parsed.iterations()));
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("not a " + SCHEME + "$<iterations>$<salt>$<hash> password hash");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length < 8 || hash.length != HASH_BYTES) {
                throw new IllegalArgumentException("a " + SCHEME + " hash needs 1 to " + MAX_ITERATIONS
                        + " iterations, a salt of 8 bytes or more and a hash of " + HASH_BYTES + " bytes");
            }
            return new Parsed(iterations, salt, hash);
        } catch (NumberFormatException badIterations) {
            throw new IllegalArgumentException("the iteration count of a " + SCHEME + " hash is a number");
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", missing);
        } finally {
            spec.clearPassword();
        }
    }
}
