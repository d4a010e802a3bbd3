package org.estuary.audit.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditAction;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.EstProfile;

/**
 * The application's MicroProfile Metrics, all of them here: one gauge per EST profile and outcome,
 * named by the outcome's audit code and tagged {@code profile} (e.g.
 * {@code est_simple_enroll_success{profile="iot"}}), and {@code est_enroll_duration}, a timer per
 * profile and operation. The gauges read the audit trail's counts, the numbers the console and the
 * admin API show, so that every view agrees and counts survive restarts (read at most once a second,
 * however often they are scraped). Where the container has no MicroProfile Metrics (WildFly's
 * standalone.xml), nothing is registered and timing is a no-op.
 */
@ApplicationScoped
public class OutcomeMetrics {

    private static final Logger LOG = Logger.getLogger(OutcomeMetrics.class.getName());
    private static final long FRESH_NANOS = Duration.ofSeconds(1).toNanos();

    @Inject
    Instance<MetricRegistry> registries;

    @Inject
    EstProfiles estProfiles;

    @Inject
    AuditTrail auditTrail;

    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile Map<String, Map<String, Long>> counts = Map.of();
    private volatile long countedAt;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!registries.isResolvable()) {
            LOG.info("no MicroProfile Metrics in this container: EST outcome metrics are not published");
            return;
        }
        MetricRegistry registry = registries.get();
        for (EstProfile profile : estProfiles.all()) {
            for (AuditAction outcome : AuditAction.PROFILE_OUTCOMES) {
                registry.gauge(new MetricID(outcome.code(), new Tag("profile", profile.name())),
                        () -> count(profile.name(), outcome.code()));
            }
        }
    }

    private long count(String profile, String code) {
        long now = System.nanoTime();
        if (now - countedAt > FRESH_NANOS) {
            countedAt = now;
            try {
                counts = auditTrail.countsByProfile();
            } catch (RuntimeException unavailable) {
                // the database is down: the last counts stand, and it is asked again in a second, not once per gauge
                LOG.fine(() -> "outcome counts unavailable: " + unavailable);
            }
        }
        return counts.getOrDefault(profile, Map.of()).getOrDefault(code, 0L);
    }

    /** Records how long one {@code operation} (simpleenroll, simplereenroll, serverkeygen) of {@code profile} took, answered or refused. */
    public void timeEnrollment(String profile, String operation, Duration took) {
        if (!registries.isResolvable()) {
            return;
        }
        timers.computeIfAbsent(profile + '\n' + operation, key -> registries.get()
                .timer("est_enroll_duration", new Tag("profile", profile), new Tag("operation", operation)))
                .update(took);
    }
}
