package org.estuary.audit.entity;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Which audit events to list, newest first: a page of at most {@code limit} events older than event
 * {@code before} (keyset paging: a page stays the same while new events arrive).
 *
 * @param actionPrefix events whose action code starts with it ({@code est_auth_failed}), or null for all
 * @param profile events of that EST profile, or null for all
 * @param since events at or after this UTC time, or null
 * @param before events with a smaller id than this, or null for the newest
 */
public record AuditQuery(String actionPrefix, String profile, LocalDateTime since, Long before, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
    }

    /** The actions the prefix selects; all of them without a prefix. */
    public List<AuditAction> actions() {
        return Arrays.stream(AuditAction.values())
                .filter(action -> actionPrefix == null || action.code().startsWith(actionPrefix))
                .toList();
    }
}
