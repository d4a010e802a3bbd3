package org.estuary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {

    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 5000000 kB
            VmHWM:\t 1130500 kB
            VmRSS:\t  612345 kB
            Threads:\t120
            """;

    /** A command with a space and a parenthesis, as a thread may be named: fields count from the last ')'. */
    private static final String STAT = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 130 0 0 20 0 "
            + "120 0 1000 5000000000 150000 18446744073709551615\n";

    @Test
    void residentMemoryAndItsPeakComeFromProcStatusInKib(@TempDir Path proc) throws Exception {
        Files.writeString(proc.resolve("status"), STATUS);
        ServerProcess server = new ServerProcess(4242, proc);

        assertEquals(612345, server.residentKib());
        assertEquals(1130500, server.peakResidentKib());
    }

    @Test
    void thePeakIsNeverBelowTheResidentSizeOfTheSameReading(@TempDir Path proc) throws Exception {
        Files.writeString(proc.resolve("status"), "VmHWM:\t  635700 kB\nVmRSS:\t  635800 kB\n");

        assertEquals(635800, new ServerProcess(4242, proc).peakResidentKib());
    }

    @Test
    void cpuTimeIsUserPlusSystemTicksOfProcStat(@TempDir Path proc) throws Exception {
        Files.writeString(proc.resolve("stat"), STAT);

        assertEquals(3_800_000_000L, new ServerProcess(4242, proc).cpuNanos());
    }

    @Test
    void aProcessThatIsGoneReadsMinusOne(@TempDir Path proc) {
        ServerProcess gone = new ServerProcess(4242, proc.resolve("4242"));

        assertEquals(-1, gone.residentKib());
        assertEquals(-1, gone.peakResidentKib());
        assertEquals(-1, gone.cpuNanos());
    }
}
