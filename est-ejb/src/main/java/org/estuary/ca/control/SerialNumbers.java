package org.estuary.ca.control;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Certificate serial numbers: 159 random bits, positive, at most 20 octets (RFC 5280 §4.1.2.2;
 * CA/Browser Forum baseline requirements ask for at least 64 bits of CSPRNG output).
 */
public final class SerialNumbers {

    private static final int BITS = 159;

    private final SecureRandom random;

    public SerialNumbers(SecureRandom random) {
        this.random = random;
    }

    public BigInteger next() {
        BigInteger serial;
        do {
            serial = new BigInteger(BITS, random);
        } while (serial.signum() == 0);
        return serial;
    }
}
