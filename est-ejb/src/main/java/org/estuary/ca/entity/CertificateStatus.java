package org.estuary.ca.entity;

/** Where an issued certificate stands. */
public enum CertificateStatus {
    ISSUED,
    REVOKED
}
