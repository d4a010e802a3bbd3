package org.estuary.admin.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T12:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });

    @Test
    void fiveFailuresLockAnAddressForTheWindowOnly() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            assertTrue(throttle.mayTry("192.0.2.1"), "attempt " + (i + 1));
            throttle.failed("192.0.2.1");
        }
        assertFalse(throttle.mayTry("192.0.2.1"));
        assertTrue(throttle.mayTry("192.0.2.2"), "another address is not affected");
        now.set(now.get().plus(SignInThrottle.WINDOW));
        assertTrue(throttle.mayTry("192.0.2.1"), "the window has passed");
        throttle.failed("192.0.2.1");
        assertTrue(throttle.mayTry("192.0.2.1"), "a failure after the window starts a new count");
    }

    @Test
    void aSuccessClearsTheAddressAndTheTableStaysBounded() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("198.51.100.7");
        }
        throttle.succeeded("198.51.100.7");
        for (int i = 0; i < 4; i++) {
            throttle.failed("198.51.100.7");
        }
        assertTrue(throttle.mayTry("198.51.100.7"), "four failures after a success do not lock");
        throttle.failed("198.51.100.7");
        assertFalse(throttle.mayTry("198.51.100.7"));
        for (int i = 0; i < SignInThrottle.MAX_ADDRESSES; i++) {
            throttle.failed("10.0." + (i / 256) + "." + (i % 256));
        }
        assertTrue(throttle.mayTry("198.51.100.7"), "a full table starts afresh: memory stays bounded (10,000 addresses)");
    }
}
