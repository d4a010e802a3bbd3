package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code est} command-line client, run as its users run it ({@code java -jar est-cli.jar}, a
 * process of its own), against the deployed application: every command, Basic credentials from the
 * environment, a key the server makes and encrypts to the client's key, and the exit codes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CliIT {

    static final String PARTNER_PASSWORD = "cli-partner-secret";

    private static final Path WORK = TestClients.dataDir().resolve("cli-it");

    /** What one run of the jar did. */
    record Run(int exitCode, String out, String err) {
    }

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addAsResource(new StringAsset(String.join("\n",
                        "est.profiles=gen,partner",
                        "est.profile.gen.issuer-id=iss-local",
                        "est.profile.gen.serverkeygen-enabled=true",
                        "est.profile.partner.issuer-id=iss-local",
                        "est.profile.partner.allowed-auth-modes=basic",
                        "est.profile.partner.enrollment-password=" + PARTNER_PASSWORD,
                        "")), "META-INF/microprofile-config.properties");
    }

    @Test
    void theSelfTestPassesEveryStep() throws Exception {
        Run run = est(Map.of(), null, "test", "--profile", "gen");

        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("PASS cacerts: 1 certificate(s), issuing CA CN=Estuary Local CA iss-local"), run.out());
        assertEquals("PASS csrattrs: none asked for", lines.get(1));
        assertTrue(lines.get(2).startsWith("PASS simpleenroll: issued CN=est-test-"), run.out());
        assertEquals("all steps passed", lines.get(3));
    }

    @Test
    void cacertsCsrattrsEnrollAndReenrollEachDoWhatTheySay() throws Exception {
        Path work = Files.createDirectories(WORK.resolve("commands"));

        Run cacerts = est(Map.of(), null, "cacerts", "--profile", "gen", "--out", work.resolve("ca.pem").toString());
        Run csrattrs = est(Map.of(), null, "csrattrs", "--profile", "gen");
        Run enroll = est(Map.of(), null, "enroll", "--profile", "gen", "--subject", "CN=cli-device-1",
                "--out", work.resolve("device").toString());
        X509Certificate enrolled = certificate(work.resolve("device.cert.pem"));
        Run reenroll = est(Map.of(), null, "reenroll", "--profile", "gen", "--cert", work.resolve("device.cert.pem").toString(),
                "--key", work.resolve("device.key.pem").toString(), "--out", work.resolve("renewed").toString());
        KeyPair own = TestClients.ecKeyPair();
        Run fromStdin = est(Map.of(), pem(TestClients.csr("CN=cli-device-2", own)), "enroll", "--profile", "gen",
                "--csr", "-", "--out", work.resolve("own").toString());

        assertEquals(0, cacerts.exitCode(), cacerts.toString());
        assertEquals(TestClients.serverCa(), certificate(work.resolve("ca.pem")));
        assertEquals(0, csrattrs.exitCode(), csrattrs.toString());
        assertEquals("", csrattrs.out(), "204: no attributes asked for");
        assertEquals(0, enroll.exitCode(), enroll.toString());
        assertEquals("CN=cli-device-1", enrolled.getSubjectX500Principal().getName());
        assertEquals(enrolled.getPublicKey(), publicKeyOf(work.resolve("device.key.pem"), enrolled));
        Run clobber = est(Map.of(), null, "reenroll", "--profile", "gen", "--cert", work.resolve("device.cert.pem").toString(),
                "--key", work.resolve("device.key.pem").toString(), "--out", work.resolve("device").toString());
        assertEquals(2, clobber.exitCode(), "the new key would overwrite the one being renewed: " + clobber);
        assertEquals(0, reenroll.exitCode(), reenroll.toString());
        X509Certificate renewed = certificate(work.resolve("renewed.cert.pem"));
        assertEquals(enrolled.getSubjectX500Principal(), renewed.getSubjectX500Principal());
        assertNotEquals(enrolled.getPublicKey(), renewed.getPublicKey(), "a renewal with a new key");
        assertEquals(0, fromStdin.exitCode(), fromStdin.toString());
        assertEquals(own.getPublic(), certificate(work.resolve("own.cert.pem")).getPublicKey());
    }

    @Test
    void serverkeygenWritesTheKeyPlainOrOpensTheOneEncryptedToTheClientsKey() throws Exception {
        Path work = Files.createDirectories(WORK.resolve("serverkeygen"));
        est(Map.of(), null, "enroll", "--profile", "gen", "--subject", "CN=cli-client", "--out", work.resolve("client").toString());

        Run plain = est(Map.of(), null, "serverkeygen", "--profile", "gen", "--subject", "CN=cli-generated-1",
                "--out", work.resolve("plain").toString());
        Run encrypted = est(Map.of(), null, "serverkeygen", "--profile", "gen", "--subject", "CN=cli-generated-2",
                "--encrypt-to-key", "--cert", work.resolve("client.cert.pem").toString(),
                "--key", work.resolve("client.key.pem").toString(), "--out", work.resolve("sealed").toString());

        assertEquals(0, plain.exitCode(), plain.toString());
        X509Certificate plainCertificate = certificate(work.resolve("plain.cert.pem"));
        assertEquals(plainCertificate.getPublicKey(), publicKeyOf(work.resolve("plain.key.pem"), plainCertificate));
        assertEquals(0, encrypted.exitCode(), encrypted.toString());
        assertTrue(encrypted.out().contains("(delivered encrypted)"), encrypted.out());
        X509Certificate sealedCertificate = certificate(work.resolve("sealed.cert.pem"));
        assertEquals(sealedCertificate.getPublicKey(), publicKeyOf(work.resolve("sealed.key.pem"), sealedCertificate));
    }

    @Test
    void basicCredentialsComeFromTheEnvironmentAndRefusalsExitWithTheirCodes() throws Exception {
        Path work = Files.createDirectories(WORK.resolve("partner"));

        Run good = est(Map.of("EST_PASSWORD", PARTNER_PASSWORD), null, "enroll", "--profile", "partner", "--user", "device",
                "--subject", "CN=cli-partner", "--out", work.resolve("partner").toString());
        Run wrong = est(Map.of("EST_PASSWORD", "wrong"), null, "enroll", "--profile", "partner", "--user", "device",
                "--subject", "CN=cli-partner", "--out", work.resolve("wrong").toString());
        Run anonymousTest = est(Map.of(), null, "test", "--profile", "partner");
        Run noSuchProfile = est(Map.of(), null, "cacerts", "--profile", "nosuch");
        Run usage = est(Map.of(), null, "enroll", "--profile", "gen");

        assertEquals(0, good.exitCode(), good.toString());
        assertEquals(1, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().startsWith("est: the server refused: HTTP 401"), wrong.err());
        assertEquals(1, anonymousTest.exitCode(), anonymousTest.toString());
        assertTrue(anonymousTest.out().contains("FAIL simpleenroll: the server refused: HTTP 401"), anonymousTest.out());
        assertEquals(1, noSuchProfile.exitCode(), noSuchProfile.toString());
        assertEquals(2, usage.exitCode(), usage.toString());
        assertTrue(usage.err().contains("--subject is needed"), usage.err());
    }

    /** Runs the jar with {@code --server} and {@code --cacert} of the test server and {@code args}. */
    private static Run est(Map<String, String> environment, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("est.cli.jar"), args[0],
                "--server", "https://localhost:" + TestClients.httpsPort(),
                "--cacert", TestClients.dataDir().resolve("ca.crt").toString()));
        command.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("EST_PASSWORD");
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.US_ASCII));
            }
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "est finished");
        return new Run(process.exitValue(), out, err);
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The public key that belongs to the PKCS#8 private key in {@code pem}, proven by a signature {@code certificate}'s key checks. */
    private static PublicKey publicKeyOf(Path pem, X509Certificate certificate) throws Exception {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(pem))) {
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(new byte[] {1, 2, 3});
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(new byte[] {1, 2, 3});
            return verifier.verify(signature) ? certificate.getPublicKey() : null;
        }
    }

    private static String pem(Object object) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
