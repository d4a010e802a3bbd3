package org.estuary.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import java.security.cert.CertificateException;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.CSRRequestResponse;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.wire.CertsOnly;
import org.estuary.wire.MalformedMessage;
import org.estuary.wire.MultipartMixed;
import org.estuary.wire.ServerGeneratedKeys;

/** What each command does against an {@link EstServer}. */
final class Commands {

    /** id-aa-asymmDecryptKeyID, RFC 7030 §4.4.1.2. */
    static final ASN1ObjectIdentifier ASYMMETRIC_DECRYPT_KEY_ID = new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.54");

    private final EstServer server;
    private final PrintStream out;
    private final InputStream in;

    Commands(EstServer server, PrintStream out, InputStream in) {
        this.server = server;
        this.out = out;
        this.in = in;
    }

    /** RFC 7030 §4.1: the CA certificates, issuing CA first. */
    List<X509Certificate> caCertificates() throws CliFailure {
        try {
            return certificates(ESTService.storeToArray(server.est().getCACerts().getCertificateStore()));
        } catch (IOException failed) {
            throw server.failure(failed);
        }
    }

    /** RFC 7030 §4.5: the OIDs and attribute types the server asks for; empty for 204. */
    List<String> csrAttributes() throws CliFailure {
        try {
            CSRRequestResponse response = server.est().getCSRAttributes();
            List<String> lines = new ArrayList<>();
            if (response.hasAttributesResponse()) {
                for (ASN1ObjectIdentifier requirement : response.getAttributesResponse().getRequirements()) {
                    lines.add(requirement.getId() + (response.getAttributesResponse().isAttribute(requirement) ? " (attribute)" : ""));
                }
            }
            return lines;
        } catch (IOException failed) {
            throw server.failure(failed);
        }
    }

    /** RFC 7030 §4.2.1 and §4.2.2; the certificate, or a failure (a 202 says when to ask again). */
    X509Certificate enroll(PKCS10CertificationRequest csr, boolean renewal) throws CliFailure {
        try {
            EnrollmentResponse response = server.est().simpleEnroll(renewal, csr, server.auth());
            if (!response.isCompleted()) {
                throw new CliFailure(ExitCode.REFUSED, "the server holds the request for approval (HTTP 202); ask again after "
                        + Instant.ofEpochMilli(response.getNotBefore()));
            }
            return certificates(ESTService.storeToArray(response.getStore())).get(0);
        } catch (IOException failed) {
            throw server.failure(failed);
        }
    }

    int cacerts() throws CliFailure {
        return emit(Pem.text(caCertificates().toArray()));
    }

    int csrattrs() throws CliFailure {
        List<String> lines = csrAttributes();
        return emit(lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    int enroll(boolean renewal) throws CliFailure {
        Path prefix = Path.of(server.options.outOr("est"));
        Path keyFile = Path.of(prefix + ".key.pem");
        PKCS10CertificationRequest csr;
        Csrs.KeyAndCsr made = null;
        if (server.options.csr() != null) {
            csr = Pem.csr(server.options.csr(), in);
        } else {
            if (server.options.key() != null && keyFile.toAbsolutePath().normalize().equals(
                    server.options.key().toAbsolutePath().normalize())) {
                throw new CliFailure(ExitCode.USAGE, "--out " + prefix + " would overwrite --key " + server.options.key()
                        + " with the new key: choose another --out");
            }
            made = Csrs.generate(renewal ? currentSubject() : Csrs.subject(requiredSubject()), null, null);
            csr = made.csr();
        }
        X509Certificate certificate = enroll(csr, renewal);
        // Only now, with the certificate in hand: a refused request leaves every file as it was.
        if (made != null) {
            Pem.writeKey(keyFile, made.keys());
        }
        Pem.write(Path.of(prefix + ".cert.pem"), Pem.text(certificate), false);
        out.println((renewal ? "renewed: " : "enrolled: ") + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16) + ", until " + certificate.getNotAfter().toInstant() + " -> "
                + prefix + ".cert.pem");
        return ExitCode.OK.code;
    }

    /**
     * RFC 7030 §4.4: the server makes the key. The CSR carries a throw-away key (its signature is ignored,
     * §4.4.1); an encrypted key part opens with that key, or with --key when --encrypt-to-key named it.
     */
    int serverkeygen() throws CliFailure {
        Path prefix = Path.of(server.options.outOr("est"));
        X509Certificate ca = caCertificates().get(0);
        Csrs.KeyAndCsr request = server.options.encryptToKey()
                ? Csrs.generate(Csrs.subject(requiredSubject()), ASYMMETRIC_DECRYPT_KEY_ID, new DEROctetString(keyIdOf(
                        server.clientChain.get(0))))
                : Csrs.generate(Csrs.subject(requiredSubject()), null, null);
        HttpResponse<byte[]> answer = server.post("serverkeygen", base64(request.csr()));
        try {
            List<MultipartMixed.Part> parts = MultipartMixed.decode(answer.headers().firstValue("Content-Type").orElse(""),
                    answer.body());
            X509Certificate certificate = CertsOnly.decode(Base64.getMimeDecoder().decode(parts.get(1).base64Text()))
                    .get(0);
            byte[] keyPart = Base64.getMimeDecoder().decode(parts.get(0).base64Text());
            PrivateKeyInfo key = parts.get(0).contentType().startsWith("application/pkcs8") ? PrivateKeyInfo.getInstance(keyPart)
                    : ServerGeneratedKeys.open(keyPart, server.options.encryptToKey() ? server.clientKey
                            : request.keys().getPrivate(), ca, new BouncyCastleProvider());
            Pem.writeKey(Path.of(prefix + ".key.pem"), key);
            Pem.write(Path.of(prefix + ".cert.pem"), Pem.text(certificate), false);
            out.println("enrolled with a server-generated key" + (keyPart.length > 0 && !parts.get(0).contentType()
                    .startsWith("application/pkcs8") ? " (delivered encrypted)" : "") + ": "
                    + certificate.getSubjectX500Principal().getName() + ", serial " + certificate.getSerialNumber().toString(16)
                    + " -> " + prefix + ".cert.pem, " + prefix + ".key.pem");
            return ExitCode.OK.code;
        } catch (MalformedMessage | IndexOutOfBoundsException | IllegalArgumentException malformed) {
            throw new CliFailure(ExitCode.REFUSED, "the server's answer is not a serverkeygen multipart: " + malformed.getMessage());
        } catch (ServerGeneratedKeys.Rejected rejected) {
            throw new CliFailure(ExitCode.REFUSED, "the encrypted key does not open: " + rejected.getMessage());
        }
    }

    private static byte[] base64(PKCS10CertificationRequest csr) throws CliFailure {
        try {
            return Base64.getMimeEncoder().encode(csr.getEncoded());
        } catch (IOException impossible) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot encode the CSR");
        }
    }

    private int emit(String text) throws CliFailure {
        if (server.options.out() == null) {
            out.print(text);
        } else {
            Pem.write(Path.of(server.options.out()), text, false);
        }
        return ExitCode.OK.code;
    }

    private X500Name currentSubject() throws CliFailure {
        return X500Name.getInstance(server.clientChain.get(0).getSubjectX500Principal().getEncoded());
    }

    private String requiredSubject() throws CliFailure {
        if (server.options.subject() == null) {
            throw new CliFailure(ExitCode.USAGE, "--subject is needed to make a CSR (or give one with --csr)");
        }
        return server.options.subject();
    }

    private static byte[] keyIdOf(X509Certificate certificate) {
        return new BcX509ExtensionUtils().createSubjectKeyIdentifier(
                SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())).getKeyIdentifier();
    }

    private static List<X509Certificate> certificates(X509CertificateHolder[] holders) throws CliFailure {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (X509CertificateHolder holder : holders) {
                certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (CertificateException malformed) {
            throw new CliFailure(ExitCode.REFUSED, "the server sent a certificate that does not parse");
        }
        if (certificates.isEmpty()) {
            throw new CliFailure(ExitCode.REFUSED, "the server sent no certificate");
        }
        return certificates;
    }
}
