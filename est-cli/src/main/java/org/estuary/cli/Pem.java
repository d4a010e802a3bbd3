package org.estuary.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;

/** Reads and writes the PEM files {@code est} works with; a file that is not what it should be is a one-line failure. */
final class Pem {

    private Pem() {
    }

    static List<X509Certificate> certificates(Path file) throws CliFailure {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(read(file)))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException unreadable) {
            throw new CliFailure(ExitCode.UNREACHABLE, file + " does not hold PEM certificates");
        }
        if (certificates.isEmpty()) {
            throw new CliFailure(ExitCode.UNREACHABLE, file + " holds no PEM certificate");
        }
        return certificates;
    }

    static PrivateKey privateKey(Path file) throws CliFailure {
        try (PEMParser parser = new PEMParser(new StringReader(read(file)))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException unreadable) {
            // the message below says it
        }
        throw new CliFailure(ExitCode.UNREACHABLE, file + " does not hold an unencrypted PEM private key");
    }

    /** A CSR from {@code source} (a file, or {@code -} for {@code stdin}): PEM, base64 or DER. */
    static PKCS10CertificationRequest csr(String source, InputStream stdin) throws CliFailure {
        byte[] bytes;
        try {
            bytes = source.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(source));
        } catch (IOException unreadable) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot read the CSR from " + source);
        }
        try {
            String text = new String(bytes, StandardCharsets.US_ASCII);
            if (text.contains("-----BEGIN")) {
                try (PEMParser parser = new PEMParser(new StringReader(text))) {
                    if (parser.readObject() instanceof PKCS10CertificationRequest csr) {
                        return csr;
                    }
                }
            } else if (bytes.length > 0 && bytes[0] == 0x30) {
                return new PKCS10CertificationRequest(bytes);
            } else {
                return new PKCS10CertificationRequest(Base64.getMimeDecoder().decode(text.strip()));
            }
        } catch (IOException | IllegalArgumentException malformed) {
            // the message below says it
        }
        throw new CliFailure(ExitCode.UNREACHABLE, source + " does not hold a PKCS#10 certification request");
    }

    static String text(Object... objects) throws CliFailure {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException impossible) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot write PEM: " + impossible.getMessage());
        }
        return text.toString();
    }

    /** Writes {@code text} to {@code file}; a private key gets a file only its owner can read. */
    static void write(Path file, String text, boolean secret) throws CliFailure {
        try {
            if (secret) {
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text);
        } catch (IOException | UnsupportedOperationException unwritable) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot write " + file);
        }
    }

    static void writeKey(Path file, KeyPair keys) throws CliFailure {
        writeKey(file, PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()));
    }

    /** PKCS#8 ("PRIVATE KEY"), which keeps an EC key's curve; Bouncy Castle's default PEM form of a key drops it. */
    static void writeKey(Path file, PrivateKeyInfo key) throws CliFailure {
        try {
            write(file, text(new PemObject("PRIVATE KEY", key.getEncoded())), true);
        } catch (IOException impossible) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot encode the private key");
        }
    }

    private static String read(Path file) throws CliFailure {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException unreadable) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot read " + file);
        }
    }
}
