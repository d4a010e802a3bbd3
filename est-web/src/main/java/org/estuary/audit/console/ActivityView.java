package org.estuary.audit.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.audit.entity.AuditQuery;

/**
 * The console's Recent activity tab: audit events newest first, narrowed by a chip (All,
 * Enrollment, Re-enrollment, ServerKeygen, AuthFailure), a page at a time; the page polls every
 * 60 s and shows what came since when it is on the first page.
 */
@Named
@ViewScoped
public class ActivityView implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 25;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    /** A chip: its label and the action-code prefix it selects ({@code null}: all). */
    public enum Chip {
        ALL("All", null), ENROLLMENT("Enrollment", "est_simple_enroll"), REENROLLMENT("Re-enrollment", "est_simple_reenroll"),
        SERVER_KEYGEN("ServerKeygen", "est_server_keygen"), AUTH_FAILURE("AuthFailure", "est_auth_failed");

        private final String label;
        private final String prefix;

        Chip(String label, String prefix) {
            this.label = label;
            this.prefix = prefix;
        }

        public String getLabel() {
            return label;
        }
    }

    /** An event as a row shows it. */
    public record Row(long id, String time, String action, String profile, String principal, String sourceIp, String detail,
            String serial) implements Serializable {
    }

    @Inject
    AuditTrail auditTrail;

    private Chip chip = Chip.ALL;
    /** The {@code before} cursors of the pages before this one ({@code null}: the first page); empty on the first page. */
    private final List<Long> earlierPages = new ArrayList<>();
    private Long before;
    private List<Row> rows = List.of();
    private boolean more;

    @PostConstruct
    public void refresh() {
        List<AuditEvent> events = auditTrail.recent(new AuditQuery(chip.prefix, null, null, before, PAGE_SIZE + 1));
        more = events.size() > PAGE_SIZE;
        rows = events.stream().limit(PAGE_SIZE).map(ActivityView::row).toList();
    }

    private static Row row(AuditEvent event) {
        return new Row(event.getId(), TIME.format(event.getOccurredAt().atOffset(ZoneOffset.UTC)), event.getAction().code(),
                event.getProfile(), event.getPrincipal(), event.getSourceIp(), event.getDetail(), event.getCertificateSerial());
    }

    public void select(Chip selected) {
        chip = selected;
        firstPage();
    }

    public void firstPage() {
        earlierPages.clear();
        before = null;
        refresh();
    }

    public void nextPage() {
        if (more) {
            earlierPages.add(before);
            before = rows.get(rows.size() - 1).id();
            refresh();
        }
    }

    public void previousPage() {
        if (!earlierPages.isEmpty()) {
            before = earlierPages.remove(earlierPages.size() - 1);
            refresh();
        }
    }

    public Chip[] getChips() {
        return Chip.values();
    }

    public Chip getChip() {
        return chip;
    }

    public List<Row> getRows() {
        return rows;
    }

    public boolean isMore() {
        return more;
    }

    public boolean isFirst() {
        return earlierPages.isEmpty();
    }

    public int getPage() {
        return earlierPages.size() + 1;
    }
}
