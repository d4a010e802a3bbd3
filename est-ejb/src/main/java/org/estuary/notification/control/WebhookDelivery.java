package org.estuary.notification.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;

/**
 * Posts one event to one webhook: JSON, signed ({@link WebhookSignature}), 10 s to answer; a 2xx is
 * delivered, anything else (another status, no connection, a timeout) is retried with back-off: after
 * 1 min, 5 min, 30 min, 2 h and 12 h, then the notice is given up.
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final Duration[] BACK_OFF = {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
        Duration.ofHours(2), Duration.ofHours(12)};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** How one attempt went, in words for the record. */
    public record Outcome(boolean delivered, String result) {
    }

    public Outcome post(String webhook, String event, String deliveryId, byte[] body, byte[] secret, Clock clock) {
        long timestamp = clock.instant().getEpochSecond();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(webhook)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Estuary")
                    .header("X-Estuary-Event", event)
                    .header("X-Estuary-Delivery", deliveryId)
                    .header("X-Estuary-Timestamp", String.valueOf(timestamp))
                    .header("X-Estuary-Signature", WebhookSignature.of(secret, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Outcome(status / 100 == 2, "HTTP " + status);
        } catch (IOException | IllegalArgumentException failed) {
            return new Outcome(false, failed.getClass().getSimpleName() + (failed.getMessage() == null ? "" : ": " + failed.getMessage()));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted");
        }
    }

    /** When to try again after {@code attempts} failed attempts; {@code null} once the back-off is spent. */
    public static LocalDateTime retryAt(int attempts, LocalDateTime now) {
        return attempts <= BACK_OFF.length ? now.plus(BACK_OFF[attempts - 1]) : null;
    }
}
