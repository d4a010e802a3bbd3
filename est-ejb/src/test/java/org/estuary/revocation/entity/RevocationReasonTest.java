package org.estuary.revocation.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RevocationReasonTest {

    @Test
    void theReasonsAreRfc5280sNamesAndCodes() {
        assertEquals(RevocationReason.KEY_COMPROMISE, RevocationReason.ofName("keyCompromise"));
        assertEquals(1, RevocationReason.KEY_COMPROMISE.code());
        assertEquals(2, RevocationReason.ofName("cACompromise").code());
        assertEquals(3, RevocationReason.ofName("affiliationChanged").code());
        assertEquals(4, RevocationReason.ofName("superseded").code());
        assertEquals(5, RevocationReason.ofName("cessationOfOperation").code());
        assertEquals(9, RevocationReason.ofName("privilegeWithdrawn").code());
        assertEquals(10, RevocationReason.ofName("aACompromise").code());
        assertEquals(0, RevocationReason.ofName("unspecified").code());
    }

    @Test
    void onlyUnspecifiedLeavesTheReasonCodeOut() {
        assertFalse(RevocationReason.UNSPECIFIED.isStated());
        assertTrue(RevocationReason.SUPERSEDED.isStated());
    }

    @Test
    void holdsRemovalsAndOtherSpellingsAreRefusedNamingTheAllowedValues() {
        for (String refused : new String[] {"certificateHold", "removeFromCRL", "KeyCompromise", "key_compromise", "", "1"}) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> RevocationReason.ofName(refused), refused);
            assertEquals("unknown revocation reason; allowed: unspecified, keyCompromise, cACompromise, affiliationChanged,"
                    + " superseded, cessationOfOperation, privilegeWithdrawn, aACompromise", thrown.getMessage());
        }
    }
}
