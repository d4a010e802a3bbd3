package org.estuary.revocation.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
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
import org.estuary.ca.control.CaKey;
import org.estuary.ca.control.Issuer;
import org.estuary.ca.control.Issuers;
import org.estuary.revocation.control.CrlBuilder;
import org.estuary.revocation.control.RevocationRecords;
import org.estuary.revocation.entity.PublishedCrl;

/**
 * Publishes each issuer's CRL (RFC 5280 §5): soon after start when it is missing or stale, every
 * {@code est.crl.generation-interval} (ISO-8601, default PT1H; nextUpdate is thisUpdate plus the
 * interval), and soon after a revocation commits. The CRL and its number are stored, so that the
 * number keeps increasing across restarts and requests are answered with the stored DER. A generation
 * holds the issuer's {@code crl_state} row locked (SELECT ... FOR UPDATE) and decides under that lock
 * whether a scheduled one is due: nodes of a cluster sharing the database never take the same number,
 * and the scheduled regeneration happens once per half interval for the whole cluster, not once per node.
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
    void schedule() {
        if (interval.isNegative() || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("est.crl.generation-interval (EST_CRL_GENERATION_INTERVAL) must be at least"
                    + " one second, not " + interval);
        }
        // Missing and stale CRLs at once, in a timer's transaction: a conflict with another node starting at
        // the same moment fails that transaction only, not this deployment, and the timer tries again.
        timers.createSingleActionTimer(0, new TimerConfig("crl-generation-at-start", false));
        // Twice per interval: a scheduled renewal comes when a CRL is at least 0.4 of its life old and at most
        // 0.9 (when a revocation renewed it just before a firing), so relying parties never hold one past its
        // nextUpdate (RFC 5280 §5.1.2.5), whatever the timer's delay after a restart.
        long half = interval.toMillis() / 2;
        timers.createIntervalTimer(half, half, new TimerConfig("crl-generation", false));
        LOG.info(() -> "CRLs are regenerated every " + interval.dividedBy(2) + " (half their life) and after every revocation");
    }

    @Timeout
    void regenerateDue() {
        for (Issuer issuer : issuers.holdingKeys()) {
            for (CaKey key : issuer.keys()) {
                publishLogged(issuer, key, true);
            }
        }
    }

    /** Regenerates {@code issuerId}'s CRL in a transaction of its own, soon; for after a revocation has committed. */
    @Asynchronous
    public void regenerateSoon(String issuerId) {
        issuers.holdingKey(issuerId).ifPresent(issuer -> issuer.keys().forEach(key -> publishLogged(issuer, key, false)));
    }

    /**
     * Publishes the CRL named {@code crlId} ({@link CaKey#crlId}) now when there is none, e.g. for a
     * request that came before the start-up publication or right after a rollover.
     */
    public void publishIfMissing(String crlId) {
        if (em.find(PublishedCrl.class, crlId) == null) {
            issuers.keyOfCrl(crlId).ifPresent(found -> publish(found.issuer(), found.key(), true));
        }
    }

    private void publishLogged(Issuer issuer, CaKey key, boolean onlyWhenDue) {
        try {
            publish(issuer, key, onlyWhenDue);
        } catch (RuntimeException failed) {
            LOG.log(Level.SEVERE, "the CRL " + key.crlId(issuer.id()) + " could not be regenerated", failed);
        }
    }

    /**
     * Missing, generated with another interval, older than the issuer's latest revocation, or 40 % of an
     * interval old: the timer fires every half interval, and the 10 % margin keeps a late or early firing
     * from skipping a renewal on a single node, while on a cluster the node that comes second finds the
     * CRL just renewed by the other.
     */
    private boolean isDue(PublishedCrl published, String issuerId) {
        if (published == null) {
            return true;
        }
        LocalDateTime renewAfter = published.getThisUpdate().plus(interval.multipliedBy(2).dividedBy(5));
        return !LocalDateTime.now(clock).isBefore(renewAfter)
                || !published.getThisUpdate().plus(interval).equals(published.getNextUpdate())
                || records.latestRevocationBy(issuerId).filter(latest -> !latest.isBefore(published.getThisUpdate())).isPresent();
    }

    /**
     * Publishes the CRL of {@code key}: signed by it, and complete, listing every revoked certificate of the
     * issuer whichever key signed it, so that each key's CRL alone answers for the certificates it signed.
     */
    private void publish(Issuer issuer, CaKey key, boolean onlyWhenDue) {
        String crlId = key.crlId(issuer.id());
        PublishedCrl stored = em.find(PublishedCrl.class, crlId, LockModeType.PESSIMISTIC_WRITE);
        if (onlyWhenDue && !isDue(stored, issuer.id())) {
            return;
        }
        PublishedCrl published = stored != null ? stored : new PublishedCrl(crlId);
        Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (stored != null) {
            // A node whose clock is behind the one that published last must not move the times back.
            Instant previous = stored.getThisUpdate().toInstant(ZoneOffset.UTC);
            if (thisUpdate.isBefore(previous)) {
                thisUpdate = previous;
            }
        }
        Instant nextUpdate = thisUpdate.plus(interval);
        byte[] crl = CrlBuilder.build(key.certificate(), key.signer(), published.nextNumber(), thisUpdate,
                nextUpdate, records.revokedBy(issuer.id()));
        published.publish(crl, LocalDateTime.ofInstant(thisUpdate, ZoneOffset.UTC), LocalDateTime.ofInstant(nextUpdate, ZoneOffset.UTC));
        if (stored == null) {
            em.persist(published);
        }
        LOG.fine(() -> "CRL " + published.getCrlNumber() + " of " + crlId + " published");
    }
}
