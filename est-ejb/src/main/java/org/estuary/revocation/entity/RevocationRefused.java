package org.estuary.revocation.entity;

import org.estuary.admin.entity.AdminRequestRefused;

/**
 * A revocation request the server declines: a body it does not accept (INVALID), a serial not on
 * record (UNKNOWN), a serial on record for more than one issuer, so that which is meant is unclear
 * (CONFLICT).
 */
public class RevocationRefused extends AdminRequestRefused {

    private static final long serialVersionUID = 1L;

    public RevocationRefused(Why why, String reason) {
        super(why, reason);
    }
}
