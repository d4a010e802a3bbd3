package org.estuary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @TempDir
    Path directory;

    @Test
    void aKeyItWritesIsPkcs8ReadableByOnlyItsOwnerAndReadsBack() throws Exception {
        Csrs.KeyAndCsr made = Csrs.generate(new X500Name("CN=device"), null, null);
        Path file = directory.resolve("device.key.pem");

        Pem.writeKey(file, made.keys());

        assertEquals("-----BEGIN PRIVATE KEY-----", Files.readAllLines(file).get(0));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(made.keys().getPrivate(), Pem.privateKey(file));
    }

    @Test
    void aCsrIsReadAsPemBase64OrDerFromAFileOrStandardInput() throws Exception {
        Csrs.KeyAndCsr made = Csrs.generate(new X500Name("CN=device"), null, null);
        byte[] der = made.csr().getEncoded();
        Files.write(directory.resolve("csr.der"), der);
        Files.writeString(directory.resolve("csr.pem"), Pem.text(made.csr()));

        assertEquals(made.csr(), Pem.csr(directory.resolve("csr.der").toString(), null));
        assertEquals(made.csr(), Pem.csr(directory.resolve("csr.pem").toString(), null));
        assertEquals(made.csr(), Pem.csr("-", new ByteArrayInputStream(Base64.getMimeEncoder().encode(der))));
        assertEquals(ExitCode.UNREACHABLE, assertThrows(CliFailure.class,
                () -> Pem.csr("-", new ByteArrayInputStream("not a csr".getBytes(StandardCharsets.US_ASCII)))).exitCode);
    }
}
