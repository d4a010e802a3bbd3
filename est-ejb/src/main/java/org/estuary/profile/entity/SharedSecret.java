package org.estuary.profile.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A shared secret such as a profile's enrollment password: compared in constant time, never printed. */
public final class SharedSecret {

    private final byte[] value;

    public SharedSecret(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a shared secret cannot be empty");
        }
        this.value = value.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant time in the length of the candidate (RFC 7030 §3.2.3 passwords are guessable; leak nothing). */
    public boolean matches(byte[] candidate) {
        return MessageDigest.isEqual(value, candidate);
    }

    @Override
    public String toString() {
        return "SharedSecret[redacted]";
    }
}
