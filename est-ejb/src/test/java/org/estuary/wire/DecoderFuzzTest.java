package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.PolicyViolation;
import org.estuary.profile.control.CsrPolicy;
import org.estuary.profile.entity.CertificatePolicy;
import org.junit.jupiter.api.Test;

/**
 * A bounded, seeded fuzz run over everything that reads a client's bytes: the request-body reader,
 * the PKCS#10 decoders, CsrAttrs, certs-only, multipart/mixed, the Full PKI Request and the CSR policy. Inputs are the RFC
 * 7030 Appendix A messages, a few generated CSRs and a Full PKI Request, mutated (bit flips, insertions, deletions,
 * truncations, splices, length tweaks) and re-encoded (raw DER, base64 wrapped with CR, LF, spaces
 * and tabs, PEM armour). Every input must be read or refused with the documented checked exception
 * ({@link MalformedMessage}, {@link CmcRefusal}, {@link BadRequestBody}, {@link PolicyViolation}); a RuntimeException or an
 * Error escaping is a server error waiting to happen.
 *
 * <p>Bounded by {@code -Dfuzz.iterations} (20 000) and {@code -Dfuzz.seconds} (10); {@code -Dfuzz.seed}
 * replays a run. Inputs that failed are printed as base64 and saved under {@code target/fuzz-failures/};
 * once fixed, they belong in {@code src/test/resources/fuzz/}, which is replayed first on every run.
 */
class DecoderFuzzTest {

    private static final Provider BC = new BouncyCastleProvider();

    /** How many inputs passed proof of possession and so reached the policy as a client's signed CSR would. */
    private static final AtomicInteger VERIFIED = new AtomicInteger();
    private static final Duration YEAR = Duration.ofDays(365);

    /** The policies each decoded CSR is reviewed under: the baseline and the example profiles' rules. */
    private static final Map<String, CertificatePolicy> POLICIES = new LinkedHashMap<>();

    static {
        POLICIES.put("baseline", CertificatePolicy.baseline());
        POLICIES.put("strict", policy("{'id':'strict','key_algorithms':['EC','RSA'],'ec_curves':['P-256'],"
                + "'signature_hash':'SHA-256','allowed_ekus':['clientAuth','serverAuth'],"
                + "'required_csr_attributes':['deviceSerialNumber','challengePassword'],"
                + "'san':{'allowed_types':['dns','ip','email','uri'],'dns_suffixes':['.example.com'],"
                + "'ip_ranges':['10.0.0.0/8','2001:db8::/32'],'email_domains':['example.com']},"
                + "'subject':{'required':['CN'],'cn_pattern':'[a-z0-9.-]+'}}"));
    }

    /** A message to start from; a CSR also has the key that signed it, so that mutants can be signed again. */
    private record Seed(String name, byte[] bytes, KeyPair keys, String signature) {

        Seed(String name, byte[] bytes) {
            this(name, bytes, null, null);
        }
    }

    /** What one target made of one input, when it was not one of the documented outcomes. */
    private record Crash(String target, String input, Throwable failure) {

        String signature() {
            StackTraceElement[] frames = failure.getStackTrace();
            return target + " " + failure.getClass().getName() + (frames.length == 0 ? "" : " at " + frames[0]);
        }
    }

    @Test
    void everyMutatedInputIsReadOrRefusedWithADocumentedException() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int iterations = Integer.getInteger("fuzz.iterations", 20_000);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.getLong("fuzz.seconds", 10)).toNanos();
        System.out.println("decoder fuzz: seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");

        List<Seed> seeds = seeds();
        List<byte[]> ders = new ArrayList<>();
        List<Seed> signed = new ArrayList<>();
        for (Seed s : seeds) {
            ders.add(derOrSelf(s.bytes()));
            if (s.keys() != null) {
                signed.add(s);
            }
        }
        Map<String, Crash> crashes = new LinkedHashMap<>();
        for (byte[] known : knownInputs()) {
            exercise(known, crashes);
        }
        Random random = new Random(seed);
        int done = 0;
        long slowestNanos = 0;
        while (done < iterations && System.nanoTime() < deadline) {
            // A quarter of the inputs are CSRs whose request info was mutated and then signed again, as an
            // attacker would: they pass proof of possession and reach the policy with a valid signature.
            byte[] input = random.nextInt(4) == 0 ? signedMutant(random, signed.get(random.nextInt(signed.size())), ders)
                    : mutant(random, ders);
            long start = System.nanoTime();
            exercise(input, crashes);
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
            done++;
        }
        System.out.printf("decoder fuzz: %d iterations, seed %d, %d with a valid signature, slowest input %.0f ms,"
                + " %d distinct failures%n", done, seed, VERIFIED.get(), slowestNanos / 1e6, crashes.size());
        if (!crashes.isEmpty()) {
            Path saved = Path.of("target", "fuzz-failures");
            Files.createDirectories(saved);
            StringBuilder report = new StringBuilder();
            int n = 0;
            for (Crash crash : crashes.values()) {
                Files.writeString(saved.resolve(seed + "-" + n++ + ".b64"), crash.input() + "\n");
                report.append("\n").append(crash.signature()).append(": ").append(crash.failure())
                        .append("\n  input (base64): ").append(crash.input());
                crash.failure().printStackTrace(System.out);
            }
            fail(crashes.size() + " inputs escaped with an undocumented exception (seed " + seed + ", saved under "
                    + saved.toAbsolutePath() + "):" + report);
        }
        assertTrue(done > 0, "the fuzz run made at least one input");
    }

    /** Feeds {@code input} to every reader; a failure that is not a documented refusal is kept, once per kind. */
    private static void exercise(byte[] input, Map<String, Crash> crashes) {
        byte[] der = input;
        try {
            der = RequestBodies.derOf(input);
        } catch (MalformedMessage refused) {
            // as documented; the raw bytes are still worth a try as DER
        } catch (RuntimeException | Error escaped) {
            keep(crashes, new Crash("RequestBodies.derOf", base64(input), escaped));
        }
        byte[] asDer = der;
        run(crashes, "CertificationRequests.decodeVerified", input, () -> {
            PKCS10CertificationRequest csr = CertificationRequests.decodeVerified(asDer, BC);
            VERIFIED.incrementAndGet();
            review(csr, csr.getSubjectPublicKeyInfo());
        });
        run(crashes, "CertificationRequests.decode", input, () -> {
            // serverkeygen: the CSR's key and signature are ignored and a server key is certified (RFC 7030 §4.4.1)
            PKCS10CertificationRequest csr = CertificationRequests.decode(asDer);
            review(csr, serverKey());
            review(csr, csr.getSubjectPublicKeyInfo());
        });
        run(crashes, "CsrAttributes.decode", input, () -> CsrAttributes.decode(asDer));
        run(crashes, "CertsOnly.decode", input, () -> CertsOnly.decode(asDer));
        run(crashes, "MultipartMixed.decode", input, () -> MultipartMixed.decode(contentTypeOf(input), input));
        run(crashes, "FullCmcRequest.decode", input, () -> FullCmcRequest.decode(asDer, BC));
    }

    private static void review(PKCS10CertificationRequest csr, SubjectPublicKeyInfo key) throws Exception {
        for (CertificatePolicy policy : POLICIES.values()) {
            try {
                CsrPolicy.review(csr, key, policy, YEAR);
            } catch (PolicyViolation | BadRequestBody refused) {
                // as documented
            }
        }
    }

    @FunctionalInterface
    private interface Target {
        void run() throws Exception;
    }

    private static void run(Map<String, Crash> crashes, String target, byte[] input, Target body) {
        try {
            body.run();
        } catch (MalformedMessage | CmcRefusal | PolicyViolation | BadRequestBody refused) {
            // as documented
        } catch (Exception | Error escaped) {
            keep(crashes, new Crash(target, base64(input), escaped));
        }
    }

    private static void keep(Map<String, Crash> crashes, Crash crash) {
        crashes.putIfAbsent(crash.signature(), crash);
    }

    /** The Content-Type a multipart body would come with: its first delimiter line names the boundary. */
    private static String contentTypeOf(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int dashes = text.indexOf("\n--");
        if (dashes < 0) {
            return "multipart/mixed; boundary=estServerExampleBoundary";
        }
        int end = text.indexOf('\n', dashes + 3);
        String boundary = text.substring(dashes + 3, end < 0 ? text.length() : end).strip();
        return "multipart/mixed; boundary=\"" + boundary.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // --- inputs ---------------------------------------------------------------------------------

    private static List<Seed> seeds() throws Exception {
        List<Seed> seeds = new ArrayList<>();
        for (String name : List.of("a1-cacerts-response.b64", "a2-csrattrs-response.b64", "a3-simpleenroll-request.b64",
                "a3-simpleenroll-response.b64", "a4-serverkeygen-request.b64", "a4-serverkeygen-response.txt")) {
            seeds.add(new Seed(name, resource("/rfc7030/" + name)));
        }
        KeyPair ec = keys("EC", new ECGenParameterSpec("secp256r1"));
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "device-1.example.com"),
                new GeneralName(GeneralName.iPAddress, "10.1.2.3"),
                new GeneralName(GeneralName.rfc822Name, "ops@example.com"),
                new GeneralName(GeneralName.uniformResourceIdentifier, "urn:example:device-1"),
                new GeneralName(GeneralName.registeredID, "1.2.3.4"),
                new GeneralName(GeneralName.otherName, new DERSequence(new ASN1Encodable[] {
                        new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"),
                        new DERTaggedObject(true, 0, new DERUTF8String("upn@example.com"))}))}));
        extensions.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
        extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        seeds.add(new Seed("ec-full", csr(new JcaPKCS10CertificationRequestBuilder(
                new X500Name("CN=device-1,O=Example,C=DE,SERIALNUMBER=SN-7"), ec.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .addAttribute(CertificatePolicy.DEVICE_SERIAL_NUMBER, new DERPrintableString("SN-7"))
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERUTF8String("s3cret"))
                .addAttribute(new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.54"), new DEROctetString(new byte[20])),
                "SHA256withECDSA", ec), ec, "SHA256withECDSA"));
        KeyPair rsa = keys("RSA", null);
        seeds.add(new Seed("rsa-pss", csr(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=rsa-pss"), rsa.getPublic()),
                "SHA256withRSAandMGF1", rsa), rsa, "SHA256withRSAandMGF1"));
        KeyPair ed = keys("Ed25519", null);
        seeds.add(new Seed("ed25519-empty-subject", csr(new JcaPKCS10CertificationRequestBuilder(new X500Name(""), ed.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new ExtensionsGenerator() {
                    {
                        addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(new GeneralName(GeneralName.iPAddress, "2001:db8::1")));
                    }
                }.generate()), "Ed25519", ed), ed, "Ed25519"));
        seeds.add(new Seed("fullcmc-request", FullCmcTest.fullPkiRequest(ec)));
        return seeds;
    }

    private static byte[] csr(org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder builder, String signature, KeyPair keys) throws Exception {
        return builder.build(new JcaContentSignerBuilder(signature).setProvider(BC).build(keys.getPrivate())).getEncoded();
    }

    private static KeyPair keys(String algorithm, ECGenParameterSpec curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BC);
        if (curve != null) {
            generator.initialize(curve);
        } else if (algorithm.equals("RSA")) {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static SubjectPublicKeyInfo serverKey;

    private static synchronized SubjectPublicKeyInfo serverKey() throws Exception {
        if (serverKey == null) {
            serverKey = SubjectPublicKeyInfo.getInstance(keys("EC", new ECGenParameterSpec("secp256r1")).getPublic().getEncoded());
        }
        return serverKey;
    }

    /** Inputs that once escaped, kept under {@code src/test/resources/fuzz/} (one base64 line each, listed in index.txt). */
    private static List<byte[]> knownInputs() {
        List<byte[]> known = new ArrayList<>();
        byte[] index = resourceOrNull("/fuzz/index.txt");
        if (index != null) {
            for (String name : new String(index, StandardCharsets.US_ASCII).split("\\s+")) {
                if (!name.isBlank()) {
                    known.add(Base64.getMimeDecoder().decode(resource("/fuzz/" + name)));
                }
            }
        }
        return known;
    }

    private static byte[] resource(String name) {
        byte[] bytes = resourceOrNull(name);
        if (bytes == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        return bytes;
    }

    private static byte[] resourceOrNull(String name) {
        try (InputStream in = DecoderFuzzTest.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] derOrSelf(byte[] body) {
        try {
            return RequestBodies.derOf(body);
        } catch (MalformedMessage notBase64) {
            return body;
        }
    }

    // --- mutation -------------------------------------------------------------------------------

    /** One input: a seed's DER mutated a few times, then encoded as a client might send it, sometimes mutated again. */
    private static byte[] mutant(Random random, List<byte[]> ders) {
        byte[] bytes = ders.get(random.nextInt(ders.size())).clone();
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            bytes = mutate(random, bytes, ders);
        }
        bytes = encode(random, bytes);
        if (random.nextInt(4) == 0) {
            bytes = mutate(random, bytes, ders);
        }
        return bytes;
    }

    /** The seed CSR with its CertificationRequestInfo mutated, signed again with the seed's key; raw DER or base64. */
    private static byte[] signedMutant(Random random, Seed seed, List<byte[]> ders) {
        try {
            ASN1Sequence csr = ASN1Sequence.getInstance(seed.bytes());
            byte[] info = csr.getObjectAt(0).toASN1Primitive().getEncoded();
            int rounds = 1 + random.nextInt(3);
            for (int i = 0; i < rounds; i++) {
                info = mutate(random, info, ders);
            }
            Signature signer = Signature.getInstance(seed.signature(), BC);
            signer.initSign(seed.keys().getPrivate());
            signer.update(info);
            byte[] tail = concat(csr.getObjectAt(1).toASN1Primitive().getEncoded(), new DERBitString(signer.sign()).getEncoded());
            byte[] der = concat(derHeader(0x30, info.length + tail.length), info, tail);
            return random.nextBoolean() ? der : Base64.getMimeEncoder().encode(der);
        } catch (Exception unexpected) {
            throw new IllegalStateException("cannot sign a mutant of " + seed.name(), unexpected);
        }
    }

    private static byte[] derHeader(int tag, int length) {
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        int octets = length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        byte[] header = new byte[2 + octets];
        header[0] = (byte) tag;
        header[1] = (byte) (0x80 | octets);
        for (int i = 0; i < octets; i++) {
            header[2 + i] = (byte) (length >>> (8 * (octets - 1 - i)));
        }
        return header;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] result = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, result, at, part.length);
            at += part.length;
        }
        return result;
    }

    private static byte[] mutate(Random random, byte[] bytes, List<byte[]> ders) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(9)) {
            case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> bytes[at] = (byte) random.nextInt(256);
            case 2 -> bytes[at] = (byte) (bytes[at] + random.nextInt(9) - 4); // often a length octet
            case 3 -> bytes = insert(bytes, at, randomBytes(random, 1 + random.nextInt(8)));
            case 4 -> bytes = delete(bytes, at, 1 + random.nextInt(Math.min(16, bytes.length - at)));
            case 5 -> bytes = Arrays.copyOf(bytes, at);
            case 6 -> {
                byte[] other = ders.get(random.nextInt(ders.size()));
                int from = random.nextInt(other.length);
                int length = 1 + random.nextInt(Math.min(256, other.length - from));
                bytes = insert(bytes, at, Arrays.copyOfRange(other, from, from + length));
            }
            case 7 -> {
                // a long-form length claiming far more than is there
                byte[] huge = {(byte) 0x84, (byte) 0x7f, (byte) random.nextInt(256), (byte) random.nextInt(256), 0};
                bytes = insert(delete(bytes, at, Math.min(1, bytes.length - at)), at, huge);
            }
            default -> {
                // duplicate a slice in place, as nested structures repeat
                int length = 1 + random.nextInt(Math.min(64, bytes.length - at));
                bytes = insert(bytes, at, Arrays.copyOfRange(bytes, at, at + length));
            }
        }
        return bytes;
    }

    private static byte[] encode(Random random, byte[] der) {
        switch (random.nextInt(6)) {
            case 0:
                return der;
            case 1:
                return Base64.getEncoder().encode(der);
            case 2: {
                String[] breaks = {"\n", "\r\n", " ", "\t", "\r", " \r\n\t"};
                int width = 1 + random.nextInt(80);
                String text = Base64.getEncoder().encodeToString(der);
                StringBuilder wrapped = new StringBuilder(random.nextBoolean() ? "  " : "");
                for (int i = 0; i < text.length(); i += width) {
                    wrapped.append(text, i, Math.min(text.length(), i + width)).append(breaks[random.nextInt(breaks.length)]);
                }
                return wrapped.toString().getBytes(StandardCharsets.US_ASCII);
            }
            case 3: {
                String[] labels = {"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST", "PKCS7", ""};
                String label = labels[random.nextInt(labels.length)];
                String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
                String pem = "-----BEGIN " + label + "-----\n" + body + "\n"
                        + (random.nextInt(4) == 0 ? "" : "-----END " + label + "-----\n") + "\n\n";
                return pem.getBytes(StandardCharsets.US_ASCII);
            }
            case 4: {
                // multipart around it, as a serverkeygen answer carries its parts
                String boundary = random.nextBoolean() ? "b" : "est-" + Long.toHexString(random.nextLong());
                String multipart = "preamble\r\n--" + boundary + "\r\nContent-Type: application/pkcs8\r\n"
                        + (random.nextBoolean() ? " folded; x=y\r\n" : "") + "\r\n"
                        + Base64.getMimeEncoder().encodeToString(der) + "\r\n--" + boundary
                        + (random.nextBoolean() ? "--" : "") + "\r\n";
                return multipart.getBytes(StandardCharsets.ISO_8859_1);
            }
            default:
                return Base64.getEncoder().withoutPadding().encode(der);
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        byte[] result = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(bytes, at, result, at + inserted.length, bytes.length - at);
        return result;
    }

    private static byte[] delete(byte[] bytes, int at, int length) {
        byte[] result = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(bytes, at + length, result, at, bytes.length - at - length);
        return result;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static CertificatePolicy policy(String json) {
        return CertificatePolicy.fromJson(Json.createReader(new StringReader(json.replace('\'', '"'))).readObject());
    }
}
