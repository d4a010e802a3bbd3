package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import org.estuary.enrollment.api.EstExceptionMapper.Answer;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.ChannelBindingMismatch;
import org.estuary.enrollment.entity.ChannelBindingMissing;
import org.estuary.enrollment.entity.ChannelBindingNeedsTls13;
import org.estuary.enrollment.entity.PolicyViolation;
import org.estuary.enrollment.entity.RequestTooLarge;
import org.estuary.enrollment.entity.TemporarilyUnavailable;
import org.junit.jupiter.api.Test;

class EstExceptionMapperTest {

    @Test
    void refusalsMapToTheirStatusWithTheirReason() {
        assertEquals(new Answer(400, "CSR signature does not verify"),
                EstExceptionMapper.answerTo(new BadRequestBody("CSR signature does not verify")));
        assertEquals(new Answer(413, "request body exceeds 65536 bytes"),
                EstExceptionMapper.answerTo(new RequestTooLarge(65536)));
        assertEquals(new Answer(403, "key: RSA 1024 below minimum 2048"),
                EstExceptionMapper.answerTo(new PolicyViolation("key", "RSA 1024 below minimum 2048")));
    }

    @Test
    void channelBindingRefusalsAreUpgradeRequiredBadRequestAndConflict() {
        assertEquals(426, EstExceptionMapper.answerTo(new ChannelBindingNeedsTls13("TLSv1.2")).status());
        assertEquals(new Answer(400, "none"), EstExceptionMapper.answerTo(new ChannelBindingMissing("none")));
        assertEquals(new Answer(409, "the CSR's channel binding does not match this TLS connection"),
                EstExceptionMapper.answerTo(new ChannelBindingMismatch()));
    }

    /** RFC 7030 §4.2.3: a server that cannot take the request now answers 503 with Retry-After. */
    @Test
    void aServerTooFarBehindIsServiceUnavailableWithRetryAfter() {
        assertEquals(new Answer(503, "too busy", 10), EstExceptionMapper.answerTo(new TemporarilyUnavailable("too busy", 10)));
    }

    @Test
    void aBodyCutShortIsABadRequestNotAServerError() {
        assertEquals(new Answer(400, "request body could not be read to its end"),
                EstExceptionMapper.answerTo(new EOFException()));
    }

    @Test
    void anUnexpectedFailureTellsTheClientNothingOfItsInternals() {
        assertEquals(new Answer(500, "internal error"),
                EstExceptionMapper.answerTo(new IllegalStateException("keystore /secret/path broke")));
    }
}
