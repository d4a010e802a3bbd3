package org.estuary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorTallyTest {

    @Test
    void noErrorsReadZeroAndErrorsReadByKindInOrder() {
        ErrorTally tally = new ErrorTally();
        assertEquals("0", tally.toString());

        tally.add("503");
        tally.add(ErrorTally.IO);
        tally.add("401", 2);
        tally.add("503");

        assertEquals("401:2 503:2 io:1", tally.toString());
        assertEquals(5, tally.total());
    }
}
