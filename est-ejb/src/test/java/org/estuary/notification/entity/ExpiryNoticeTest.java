package org.estuary.notification.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.LocalDateTime;
import org.estuary.notification.control.WebhookDelivery;
import org.junit.jupiter.api.Test;

class ExpiryNoticeTest {

    private static final LocalDateTime NOW = LocalDateTime.parse("2026-11-27T12:00:00");

    private static ExpiryNotice notice() {
        return new ExpiryNotice("id", "iss-local", "1f", 30, "https://hooks.example/x", NOW.plusDays(20), NOW);
    }

    /** Failed attempts back off 1 min, 5 min, 30 min, 2 h, 12 h; the sixth failure gives the notice up. */
    @Test
    void failedAttemptsBackOffThenGiveUp() {
        ExpiryNotice notice = notice();
        LocalDateTime at = NOW;
        Duration[] waits = {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12)};
        for (Duration wait : waits) {
            notice.attempted(at, false, "HTTP 503", WebhookDelivery.retryAt(notice.getAttempts() + 1, at));
            assertEquals(ExpiryNotice.Status.PENDING, notice.getStatus());
            assertEquals(at.plus(wait), notice.getNextAttemptAt());
            at = notice.getNextAttemptAt();
        }
        notice.attempted(at, false, "ConnectException", WebhookDelivery.retryAt(notice.getAttempts() + 1, at));
        assertEquals(ExpiryNotice.Status.FAILED, notice.getStatus());
        assertEquals(6, notice.getAttempts());
        assertNull(notice.getNextAttemptAt());
        assertEquals("ConnectException", notice.getLastResult());
    }

    @Test
    void aDeliveryEndsTheNotice() {
        ExpiryNotice notice = notice();
        notice.attempted(NOW, false, "HTTP 500", WebhookDelivery.retryAt(1, NOW));
        notice.attempted(NOW.plusMinutes(1), true, "HTTP 204", WebhookDelivery.retryAt(2, NOW.plusMinutes(1)));
        assertEquals(ExpiryNotice.Status.DELIVERED, notice.getStatus());
        assertEquals(2, notice.getAttempts());
        assertNull(notice.getNextAttemptAt());
    }
}
