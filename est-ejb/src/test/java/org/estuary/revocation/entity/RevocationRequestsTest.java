package org.estuary.revocation.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RevocationRequestsTest {

    @Test
    void aSingleRevocationWithoutBodyOrReasonIsUnspecified() throws Exception {
        assertEquals(RevocationReason.UNSPECIFIED, RevocationRequests.reasonOf(null));
        assertEquals(RevocationReason.UNSPECIFIED, RevocationRequests.reasonOf(""));
        assertEquals(RevocationReason.UNSPECIFIED, RevocationRequests.reasonOf("{}"));
        assertEquals(RevocationReason.UNSPECIFIED, RevocationRequests.reasonOf("{\"reason\":null}"));
        assertEquals(RevocationReason.KEY_COMPROMISE, RevocationRequests.reasonOf("{\"reason\":\"keyCompromise\"}"));
    }

    @Test
    void aSingleRevocationRefusesHoldsUnknownReasonsAndMalformedBodies() {
        assertEquals("unknown revocation reason; allowed: " + RevocationReason.allowedNames(),
                refused(() -> RevocationRequests.reasonOf("{\"reason\":\"certificateHold\"}")));
        assertTrue(refused(() -> RevocationRequests.reasonOf("{\"reason\":1}")).startsWith("reason must be a string"));
        assertEquals("request body is not a JSON object", refused(() -> RevocationRequests.reasonOf("{\"reason\":")));
        assertEquals("request body is not a JSON object", refused(() -> RevocationRequests.reasonOf("[]")));
        assertTrue(refused(() -> RevocationRequests.reasonOf("{\"why\":\"keyCompromise\"}")).startsWith("unknown field why"));
    }

    @Test
    void aBulkRevocationReadsEveryCriterionAndNormalisesSerials() throws Exception {
        BulkRevocation bulk = RevocationRequests.bulkOf("{\"reason\":\"keyCompromise\",\"profile_id\":\"cp-iot\","
                + "\"label\":\"iot\",\"serials\":[\"AB:12\",\"00ff\"],\"subject_cn\":\"device-7\","
                + "\"issued_before\":\"2026-11-27T00:00:00Z\",\"source\":\"ACME\"}");

        assertEquals(RevocationReason.KEY_COMPROMISE, bulk.reason());
        assertEquals(Optional.of("cp-iot"), bulk.criteria().certificateProfileId());
        assertEquals(Optional.of("iot"), bulk.criteria().label());
        assertEquals(Optional.of(Set.of("ab12", "ff")), bulk.criteria().serials());
        assertEquals(Optional.of("device-7"), bulk.criteria().commonName());
        assertEquals(Optional.of(Instant.parse("2026-11-27T00:00:00Z")), bulk.criteria().issuedBefore());
        assertEquals("{\"reason\":\"keyCompromise\",\"source\":\"EST\",\"profile_id\":\"cp-iot\",\"label\":\"iot\","
                + "\"serials\":[\"ab12\",\"ff\"],\"subject_cn\":\"device-7\",\"issued_before\":\"2026-11-27T00:00:00Z\"}",
                bulk.describe(), "the source is pinned to EST whatever the request says");
        assertEquals(Optional.of(Instant.parse("2026-11-26T22:00:00Z")), RevocationRequests.bulkOf(
                "{\"reason\":\"superseded\",\"issued_before\":\"2026-11-27T00:00:00+02:00\"}").criteria().issuedBefore());
    }

    @Test
    void aBulkRevocationNeedsAReasonAndACriterion() {
        assertTrue(refused(() -> RevocationRequests.bulkOf("{\"label\":\"iot\"}")).startsWith("reason is required"));
        assertEquals("at least one criterion is required: profile_id, label, serials, subject_cn or issued_before",
                refused(() -> RevocationRequests.bulkOf("{\"reason\":\"keyCompromise\"}")));
        assertEquals("at least one criterion is required: profile_id, label, serials, subject_cn or issued_before",
                refused(() -> RevocationRequests.bulkOf("{\"reason\":\"keyCompromise\",\"source\":\"EST\"}")));
    }

    @Test
    void aBulkRevocationRefusesMalformedCriteria() {
        assertEquals("request body is not a JSON object", refused(() -> RevocationRequests.bulkOf("not json")));
        assertEquals("request body is not a JSON object", refused(() -> RevocationRequests.bulkOf("")));
        assertTrue(refused(() -> RevocationRequests.bulkOf("{\"reason\":\"keyCompromise\",\"issued_before\":\"yesterday\"}"))
                .startsWith("issued_before must be an ISO-8601 time"));
        assertTrue(refused(() -> RevocationRequests.bulkOf("{\"reason\":\"keyCompromise\",\"issued_before\":\"2026-11-27\"}"))
                .startsWith("issued_before must be an ISO-8601 time"));
        assertTrue(refused(() -> RevocationRequests.bulkOf("{\"reason\":\"keyCompromise\",\"serials\":[]}"))
                .startsWith("serials must be an array"));
        assertEquals("serials must be hexadecimal strings",
                refused(() -> RevocationRequests.bulkOf("{\"reason\":\"keyCompromise\",\"serials\":[\"xyz\"]}")));
        assertEquals("label must be a non-empty string",
                refused(() -> RevocationRequests.bulkOf("{\"reason\":\"keyCompromise\",\"label\":\"\"}")));
        assertTrue(refused(() -> RevocationRequests.bulkOf("{\"reason\":\"keyCompromise\",\"profile\":\"iot\"}"))
                .startsWith("unknown field profile"), "a misspelt criterion would otherwise revoke more");
        assertTrue(refused(() -> RevocationRequests.bulkOf("{\"reason\":\"removeFromCRL\",\"label\":\"iot\"}"))
                .startsWith("unknown revocation reason"));
    }

    private static String refused(Parse parse) {
        RevocationRefused refused = assertThrows(RevocationRefused.class, parse::run);
        assertEquals(RevocationRefused.Why.INVALID, refused.why());
        return refused.getMessage();
    }

    @FunctionalInterface
    private interface Parse {
        void run() throws RevocationRefused;
    }
}
