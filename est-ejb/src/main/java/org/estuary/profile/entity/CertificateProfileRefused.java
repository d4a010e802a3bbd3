package org.estuary.profile.entity;

import org.estuary.admin.entity.AdminRequestRefused;

/**
 * An admin request on certificate profiles the server declines: a document that breaks a rule of the
 * format (INVALID), an id no profile has (UNKNOWN), an id taken or a profile an EST profile still uses
 * (CONFLICT).
 */
public class CertificateProfileRefused extends AdminRequestRefused {

    private static final long serialVersionUID = 1L;

    public CertificateProfileRefused(Why why, String reason) {
        super(why, reason);
    }
}
