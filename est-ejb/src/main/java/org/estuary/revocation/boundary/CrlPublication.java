package org.estuary.revocation.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estuary.ca.control.Issuer;
import org.estuary.ca.control.Issuers;
import org.estuary.revocation.control.CrlBuilder;
import org.estuary.revocation.control.RevocationRecords;
import org.estuary.revocation.entity.PublishedCrl;

/**
 * Publishes each issuer's CRL (RFC 5280 §5): at start when it is missing or stale, every
 * {@code est.crl.generation-interval} (ISO-8601, default PT1H; nextUpdate is thisUpdate plus the
 * interval), and soon after a revocation commits. The CRL and its number are stored, so that the
 * number keeps increasing across restarts and requests are answered with the stored DER. One
 * generation at a time (a singleton's write lock): two never take the same number.
 */
@Singleton
@Startup
public class CrlPublication {

    private static final Logger LOG = Logger.getLogger(CrlPublication.class.getName());

    @Inject
    Issuers issuers;

    @Inject
    RevocationRecords records;

    @PersistenceContext(unitName = "estuary")
    EntityManager em;

    @Resource
    TimerService timers;

    @Inject
    @ConfigProperty(name = "est.crl.generation-interval", defaultValue = "PT1H")
    Duration interval;

    private final Clock clock = Clock.systemUTC();

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void publishMissingAndSchedule() {
        if (interval.isNegative() || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("est.crl.generation-interval (EST_CRL_GENERATION_INTERVAL) must be at least"
                    + " one second, not " + interval);
        }
        for (Issuer issuer : issuers.all()) {
            if (isStale(issuer.id())) {
                publish(issuer);
            }
        }
        // Twice per interval: a CRL is replaced while it has half its life left, so relying parties never
        // hold one past its nextUpdate (RFC 5280 §5.1.2.5), whatever the timer's delay after a restart.
        long half = interval.toMillis() / 2;
        timers.createIntervalTimer(half, half, new TimerConfig("crl-generation", false));
        LOG.info(() -> "CRLs are regenerated every " + interval + " and after every revocation");
    }

    @Timeout
    void regenerateAll() {
        issuers.all().forEach(this::publishLogged);
    }

    /** Regenerates {@code issuerId}'s CRL in a transaction of its own, soon; for after a revocation has committed. */
    @Asynchronous
    public void regenerateSoon(String issuerId) {
        issuers.byId(issuerId).ifPresent(this::publishLogged);
    }

    /** Publishes {@code issuerId}'s first CRL now when it has none, e.g. for a request that came before the start-up one. */
    public void publishIfMissing(String issuerId) {
        if (em.find(PublishedCrl.class, issuerId) == null) {
            issuers.byId(issuerId).ifPresent(this::publish);
        }
    }

    private void publishLogged(Issuer issuer) {
        try {
            publish(issuer);
        } catch (RuntimeException failed) {
            LOG.log(Level.SEVERE, "the CRL of issuer " + issuer.id() + " could not be regenerated", failed);
        }
    }

    /**
     * Missing, within half an interval of its nextUpdate, generated with another interval, or older than
     * the issuer's latest revocation.
     */
    private boolean isStale(String issuerId) {
        PublishedCrl published = em.find(PublishedCrl.class, issuerId);
        if (published == null) {
            return true;
        }
        LocalDateTime halfLifeFromNow = LocalDateTime.now(clock).plus(interval.dividedBy(2));
        return !published.getNextUpdate().isAfter(halfLifeFromNow)
                || !published.getThisUpdate().plus(interval).equals(published.getNextUpdate())
                || records.latestRevocationBy(issuerId).filter(latest -> !latest.isBefore(published.getThisUpdate())).isPresent();
    }

    private void publish(Issuer issuer) {
        PublishedCrl stored = em.find(PublishedCrl.class, issuer.id(), LockModeType.PESSIMISTIC_WRITE);
        PublishedCrl published = stored != null ? stored : new PublishedCrl(issuer.id());
        Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(interval);
        byte[] crl = CrlBuilder.build(issuer.chain().get(0), issuer.contentSigner(), published.nextNumber(), thisUpdate,
                nextUpdate, records.revokedBy(issuer.id()));
        published.publish(crl, LocalDateTime.ofInstant(thisUpdate, ZoneOffset.UTC), LocalDateTime.ofInstant(nextUpdate, ZoneOffset.UTC));
        if (stored == null) {
            em.persist(published);
        }
        LOG.fine(() -> "CRL " + published.getCrlNumber() + " of issuer " + issuer.id() + " published");
    }
}
