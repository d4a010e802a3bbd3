package org.estuary.notification.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estuary.notification.control.ExpiryThresholds;
import org.estuary.notification.control.WebhookDelivery;

/**
 * Announces certificates that expire soon: every {@code est.notify.scan-interval} (default PT15M)
 * each issued, not yet renewed certificate that has crossed a threshold of
 * {@code est.notify.expiry-thresholds} (default 30,7,1 days) is posted as a {@code cert.expiring_soon}
 * event to every webhook of {@code est.notify.webhooks}, signed with the secret in
 * {@code est.notify.webhook-secret-file}. What was announced is in the database ({@link ExpiryNotices}),
 * so the timer need not be persistent: after a restart the next scan picks up where the last left
 * off, and nothing is announced twice for the same threshold. Without webhooks nothing runs.
 */
@Singleton
@Startup
public class ExpiryNotifications {

    private static final Logger LOG = Logger.getLogger(ExpiryNotifications.class.getName());
    private static final int DELIVERIES_PER_SCAN = 200;

    @Inject
    ExpiryNotices notices;

    @Inject
    WebhookDelivery delivery;

    @Resource
    TimerService timers;

    @Inject
    @ConfigProperty(name = "est.notify.webhooks")
    Optional<String> webhookList;

    @Inject
    @ConfigProperty(name = "est.notify.webhook-secret-file")
    Optional<String> secretFile;

    @Inject
    @ConfigProperty(name = "est.notify.expiry-thresholds", defaultValue = "30,7,1")
    String thresholdList;

    @Inject
    @ConfigProperty(name = "est.notify.scan-interval", defaultValue = "PT15M")
    Duration interval;

    private final Clock clock = Clock.systemUTC();
    private List<String> webhooks = List.of();
    private ExpiryThresholds thresholds;
    private byte[] secret;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void configure() {
        webhooks = webhookList.map(list -> Arrays.stream(list.split(",")).map(String::strip).filter(url -> !url.isEmpty()).toList())
                .orElse(List.of());
        if (webhooks.isEmpty()) {
            LOG.info("no est.notify.webhooks: expiring certificates are not announced");
            return;
        }
        try {
            thresholds = ExpiryThresholds.parse(thresholdList);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalStateException("est.notify.expiry-thresholds (EST_NOTIFY_EXPIRY_THRESHOLDS): " + invalid.getMessage());
        }
        for (String webhook : webhooks) {
            URI uri;
            try {
                uri = URI.create(webhook);
            } catch (IllegalArgumentException invalid) {
                throw new IllegalStateException("est.notify.webhooks (EST_NOTIFY_WEBHOOKS): entry " + (webhooks.indexOf(webhook) + 1)
                        + " is not a URL");
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalStateException("est.notify.webhooks (EST_NOTIFY_WEBHOOKS): " + redacted(webhook)
                        + " is not an absolute http(s) URL");
            }
        }
        secret = secret();
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("est.notify.scan-interval (EST_NOTIFY_SCAN_INTERVAL) must be at least one second");
        }
        timers.createIntervalTimer(Math.min(interval.toMillis(), 5_000), interval.toMillis(), new TimerConfig("expiry-notices", false));
        LOG.info(() -> "expiring certificates are announced to " + webhooks.size() + " webhook(s) at " + thresholds.days()
                + " days, scanned every " + interval);
    }

    private byte[] secret() {
        Path file = secretFile.map(Path::of).orElseThrow(() -> new IllegalStateException(
                "est.notify.webhooks needs est.notify.webhook-secret-file (EST_NOTIFY_WEBHOOK_SECRET_FILE): events are signed"));
        try {
            byte[] read = Files.readString(file).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (read.length < 16) {
                throw new IllegalStateException("the webhook secret in " + file + " is shorter than 16 characters");
            }
            return read;
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read the webhook secret file " + file + ": " + unreadable.getMessage());
        }
    }

    /** One scan: records what is due, then posts what may be posted now, each claimed just before and each attempt recorded. */
    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void scan() {
        try {
            notices.recordDue(thresholds, webhooks, now());
        } catch (RuntimeException failed) {
            // e.g. another node recorded the same notice first: the next scan records what is still missing
            LOG.log(Level.WARNING, "recording due expiry notices failed; the next scan tries again", failed);
        }
        try {
            for (int posted = 0; posted < DELIVERIES_PER_SCAN; posted++) {
                Optional<ExpiryNotices.Delivery> claimed = notices.claimNext(now());
                if (claimed.isEmpty()) {
                    break;
                }
                ExpiryNotices.Delivery due = claimed.get();
                WebhookDelivery.Outcome outcome = delivery.post(due.webhook(), ExpiryNotices.EVENT, due.id(), due.body(), secret, clock);
                notices.attempted(due, outcome, now());
                if (!outcome.delivered()) {
                    LOG.warning(() -> "expiry notice " + due.id() + " to " + redacted(due.webhook()) + " not delivered: " + outcome.result());
                }
            }
        } catch (RuntimeException failed) {
            LOG.log(Level.SEVERE, "delivering expiry notices failed; the next scan tries again", failed);
        }
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    /** A webhook as logs name it: scheme, host and port only, since its path or query often carries a token. */
    static String redacted(String webhook) {
        try {
            URI uri = URI.create(webhook);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
        } catch (IllegalArgumentException unreadable) {
            return "(a webhook URL)";
        }
    }
}
