package org.estuary.ca.entity;

import org.estuary.admin.entity.AdminRequestRefused;

/**
 * A CA key rollover the server declines: an issuer it does not know (UNKNOWN), or one whose new key
 * it cannot make and certify itself, such as a key on a token or a CA certified by a parent
 * (CONFLICT). Nothing changed.
 */
public class RolloverRefused extends AdminRequestRefused {

    private static final long serialVersionUID = 1L;

    public RolloverRefused(Why why, String reason) {
        super(why, reason);
    }
}
