package org.estuary.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.PolicyViolation;
import org.estuary.profile.control.CsrPolicy;
import org.estuary.profile.entity.CertificatePolicy;
import org.junit.jupiter.api.Test;

/**
 * A bounded, seeded fuzz of the request and answer decoders over RFC 7030 Appendix A's messages:
 * bit flips, insertions, deletions, truncations, splices and re-wrapping. Every input must decode
 * or be refused with the documented checked exception; nothing else may escape. The seed is
 * printed, and {@code -Dfuzz.seed} / {@code -Dfuzz.iterations} replay or widen a run.
 */
class DecoderFuzzTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @Test
    void noMutatedMessageEscapesTheDocumentedRefusals() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int iterations = Integer.getInteger("fuzz.iterations", 20_000);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Random random = new Random(seed);
        List<byte[]> seeds = List.of(resource("a3-simpleenroll-request.b64"), resource("a4-serverkeygen-request.b64"),
                resource("a2-csrattrs-response.b64"), resource("a1-cacerts-response.b64"), resource("a4-serverkeygen-response.txt"));
        List<String> escapes = new ArrayList<>();
        int run = 0;
        for (; run < iterations && System.nanoTime() < deadline && escapes.size() < 5; run++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
            try {
                feed(input);
            } catch (RuntimeException | Error escaped) {
                escapes.add(escaped + " for " + Base64.getEncoder().encodeToString(input));
            }
        }
        System.out.printf("decoder fuzz: %d inputs, seed %d, %d escapes%n", run, seed, escapes.size());
        assertEquals(List.of(), escapes, "seed " + seed);
    }

    /** Everything a request or answer body goes through; only the documented refusals may come out. */
    private static void feed(byte[] input) {
        byte[] der;
        try {
            der = RequestBodies.derOf(input);
        } catch (MalformedMessage refused) {
            der = input;
        }
        try {
            PKCS10CertificationRequest csr = CertificationRequests.decodeVerified(der, BC);
            CsrPolicy.review(csr, csr.getSubjectPublicKeyInfo(), CertificatePolicy.baseline(), Duration.ofDays(30));
        } catch (MalformedMessage | BadRequestBody | PolicyViolation refused) {
            // documented
        }
        try {
            CsrPolicy.review(CertificationRequests.decode(der), CertificationRequests.decode(der).getSubjectPublicKeyInfo(),
                    CertificatePolicy.baseline(), Duration.ofDays(30));
        } catch (MalformedMessage | BadRequestBody | PolicyViolation refused) {
            // documented
        }
        try {
            CsrAttributes.decode(der);
        } catch (MalformedMessage refused) {
            // documented
        }
        try {
            CertsOnly.decode(der);
        } catch (MalformedMessage refused) {
            // documented
        }
        try {
            MultipartMixed.decode("multipart/mixed; boundary=estServerExampleBoundary", input);
        } catch (MalformedMessage refused) {
            // documented
        }
    }

    private static byte[] mutate(byte[] original, List<byte[]> others, Random random) {
        byte[] bytes = original.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            switch (random.nextInt(7)) {
                case 0 -> {
                    if (bytes.length > 0) {
                        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> bytes = insert(bytes, random.nextInt(bytes.length + 1), (byte) random.nextInt(256));
                case 2 -> bytes = bytes.length == 0 ? bytes : delete(bytes, random.nextInt(bytes.length));
                case 3 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                case 4 -> {
                    byte[] other = others.get(random.nextInt(others.size()));
                    int cut = random.nextInt(bytes.length + 1);
                    int from = random.nextInt(other.length);
                    byte[] spliced = java.util.Arrays.copyOf(bytes, cut + other.length - from);
                    System.arraycopy(other, from, spliced, cut, other.length - from);
                    bytes = spliced;
                }
                case 5 -> bytes = insert(bytes, random.nextInt(bytes.length + 1), (byte) "\r\n \t".charAt(random.nextInt(4)));
                default -> {
                    // The DER itself mutated, re-encoded as base64 the way clients send it.
                    try {
                        byte[] der = RequestBodies.derOf(bytes);
                        if (der.length > 0) {
                            der[random.nextInt(der.length)] = (byte) random.nextInt(256);
                        }
                        bytes = Base64.getMimeEncoder().encode(der);
                    } catch (MalformedMessage notBase64) {
                        // leave it
                    }
                }
            }
        }
        return bytes;
    }

    private static byte[] insert(byte[] bytes, int at, byte value) {
        byte[] longer = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, longer, 0, at);
        longer[at] = value;
        System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
        return longer;
    }

    private static byte[] delete(byte[] bytes, int at) {
        byte[] shorter = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, shorter, 0, at);
        System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
        return shorter;
    }

    private static byte[] resource(String name) {
        try (InputStream in = DecoderFuzzTest.class.getResourceAsStream("/rfc7030/" + name)) {
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
