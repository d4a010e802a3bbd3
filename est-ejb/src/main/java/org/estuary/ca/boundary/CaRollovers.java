package org.estuary.ca.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.ca.control.CaRollover;
import org.estuary.ca.control.Issuers;
import org.estuary.ca.entity.RolloverRefused;
import org.estuary.revocation.boundary.CrlPublication;

/**
 * An administrator's CA key rollover (RFC 7030 §4.1.3): the new key signs leaves from now on,
 * /cacerts lists both keys and their link certificates, and each key's CRL is published.
 */
@Stateless
public class CaRollovers {

    /** The audit rows of admin operations name no EST profile. */
    private static final String ADMIN = "admin";

    @Inject
    Issuers issuers;

    @Inject
    AuditTrail auditTrail;

    @Inject
    CrlPublication crlPublication;

    private final Clock clock = Clock.systemUTC();

    /**
     * Rolls {@code issuerId}'s key over; the audit row is written in a transaction of its own, because
     * the keystore has changed whatever happens to this one.
     */
    public CaRollover.Outcome rollOver(String issuerId, String actor, String sourceAddress) throws RolloverRefused {
        CaRollover.Outcome outcome = issuers.rollOver(issuerId);
        auditTrail.recordOnItsOwn(new AuditEvent(AuditAction.CA_ROLLED_OVER, ADMIN, sourceAddress, actor,
                "issuer " + issuerId + " rolled over to key generation " + outcome.generation() + ", "
                        + outcome.newWithNew().getSubjectX500Principal().getName() + " valid until "
                        + outcome.newWithNew().getNotAfter().toInstant(),
                outcome.newWithNew().getSerialNumber().toString(16), clock));
        crlPublication.regenerateSoon(issuerId);
        return outcome;
    }
}
