package org.estuary.auth.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashesTest {

    @Test
    void aHashMatchesItsPasswordOnly() {
        String stored = PasswordHashes.hash("correct horse".toCharArray());
        assertTrue(stored.startsWith("pbkdf2-sha256$600000$"), stored);
        assertTrue(PasswordHashes.matches(stored, "correct horse".toCharArray()));
        assertFalse(PasswordHashes.matches(stored, "correct horsE".toCharArray()));
        assertFalse(PasswordHashes.matches(stored, new char[0]));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertNotEquals(PasswordHashes.hash("same".toCharArray()), PasswordHashes.hash("same".toCharArray()));
    }

    /** A hash made elsewhere: PBKDF2-HMAC-SHA256("password", "saltsalt", 1 iteration), as Python's hashlib computes it. */
    @Test
    void readsAHashMadeElsewhere() {
        String stored = "pbkdf2-sha256$1$c2FsdHNhbHQ=$O+xIxXdlOv3CQzuTp9jujq55iV7ZO/Yn6XZ0x/Rfikw=";
        assertTrue(PasswordHashes.matches(stored, "password".toCharArray()));
        assertFalse(PasswordHashes.matches(stored.replace("$1$", "$2$"), "password".toCharArray()));
    }

    @Test
    void refusesWhatIsNotAHash() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHashes.requireWellFormed("plain"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHashes.requireWellFormed("pbkdf2-sha256$x$AAAAAAAAAAA=$AAAA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHashes.requireWellFormed("md5$1$AAAAAAAAAAA=$AAAA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHashes.requireWellFormed(null));
    }
}
