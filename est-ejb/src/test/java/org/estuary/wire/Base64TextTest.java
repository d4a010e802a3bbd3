package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Base64TextTest {

    @Test
    void wrapsAtSixtyFourColumnsWithLfAndEndsWithLf() {
        byte[] der = new byte[200];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) i;
        }

        String text = new String(Base64Text.of(der), StandardCharsets.US_ASCII);

        assertTrue(text.endsWith("\n"));
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            assertEquals(64, lines[i].length());
        }
        assertTrue(lines[lines.length - 1].length() <= 64);
        assertArrayEquals(der, Base64.getMimeDecoder().decode(text));
    }
}
