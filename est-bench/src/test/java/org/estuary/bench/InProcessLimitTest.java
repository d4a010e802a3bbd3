package org.estuary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.Security;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.estuary.ca.control.CryptoProvider;
import org.estuary.wire.MalformedMessage;
import org.junit.jupiter.api.Test;

class InProcessLimitTest {

    @Test
    void theServersCodeCertifiesEachCsrsKeyInACertsOnlyAnswer() throws Exception {
        List<PreparedCsr> csrs = PreparedCsr.generate("test", 0, 4);

        try (InProcessLimit limit = InProcessLimit.withThrowAwayCa()) {
            for (PreparedCsr csr : csrs) {
                assertNull(EnrollAnswer.problemWith(limit.enroll(csr.body()), csr.publicKey()), csr.subject());
            }
            InProcessLimit.Result result = limit.measure(csrs, 2, true);

            assertEquals(0, result.errors());
            assertEquals(4, result.operations());
            assertTrue(result.operationsPerSecond() > 0);
            assertTrue(limit.description().contains("EC P-256"), limit.description());
        }
    }

    @Test
    void aCsrWhoseSignatureDoesNotVerifyIsRefusedAsTheServerRefusesIt() throws Exception {
        PreparedCsr csr = PreparedCsr.one("CN=bench-test-tampered");
        byte[] der = Base64.getDecoder().decode(csr.body());
        der[der.length - 5] ^= 1; // inside the signature value
        byte[] tampered = Base64.getEncoder().encode(der);

        try (InProcessLimit limit = InProcessLimit.withThrowAwayCa()) {
            assertThrows(MalformedMessage.class, () -> limit.enroll(tampered));
            assertEquals(1, limit.measure(List.of(new PreparedCsr(csr.subject(), tampered, csr.publicKey())), 1, false)
                    .errors());
        }
    }

    @Test
    void withCorrettoInstalledItSignsAndFirstVerifiesWithCorrettoAsTheServerDoes() throws Exception {
        assumeTrue(Corretto.install(), "Amazon Corretto Crypto Provider does not load here");
        assertEquals(Corretto.NAME, Security.getProviders()[0].getName());
        List<PreparedCsr> csrs = PreparedCsr.generate("accp", 0, 2);

        try (InProcessLimit limit = InProcessLimit.withThrowAwayCa()) {
            assertEquals(Corretto.NAME, limit.signingProvider().getName());
            assertSame(new CryptoProvider().signatures(), limit.signingProvider());
            assertTrue(limit.description().startsWith("signing with " + Corretto.NAME), limit.description());
            assertTrue(limit.description().contains("then BC"), limit.description());
            for (PreparedCsr csr : csrs) {
                assertNull(EnrollAnswer.problemWith(limit.enroll(csr.body()), csr.publicKey()), csr.subject());
            }
        }
    }

    @Test
    void everyPreparedCsrHasItsOwnSubjectAndKey() {
        List<PreparedCsr> csrs = PreparedCsr.generate("abc", 10, 3);

        assertEquals(List.of("CN=bench-abc-10", "CN=bench-abc-11", "CN=bench-abc-12"),
                csrs.stream().map(PreparedCsr::subject).toList());
        assertEquals(3, csrs.stream().map(csr -> Arrays.hashCode(csr.publicKey())).distinct().count());
    }
}
