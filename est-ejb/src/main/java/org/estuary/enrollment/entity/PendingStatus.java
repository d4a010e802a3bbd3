package org.estuary.enrollment.entity;

/** Where a request held for manual approval stands. */
public enum PendingStatus {
    PENDING,
    APPROVED,
    REJECTED,
    ISSUED
}
