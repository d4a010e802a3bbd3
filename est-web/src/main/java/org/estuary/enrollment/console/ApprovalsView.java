package org.estuary.enrollment.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.estuary.admin.console.ConsoleActor;
import org.estuary.enrollment.boundary.PendingEnrollments;
import org.estuary.enrollment.entity.PendingEnrollment;

/** The console's Pending approvals tab: requests held for manual approval (RFC 7030 §4.2.3), approved or rejected here. */
@Named
@ViewScoped
public class ApprovalsView implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    /** A held request as a row shows it. */
    public record Row(long id, String profile, String operation, String subject, String requestedFrom, String requestedAt)
            implements Serializable {
    }

    @Inject
    PendingEnrollments pendingEnrollments;

    @Inject
    ConsoleActor actor;

    private List<Row> rows = List.of();

    @PostConstruct
    public void refresh() {
        rows = pendingEnrollments.waiting().stream().map(ApprovalsView::row).toList();
    }

    private static Row row(PendingEnrollment pending) {
        return new Row(pending.getId(), pending.getProfile(), pending.getOperation(), pending.getSubjectDn(),
                pending.getRequestedFrom() == null ? "" : pending.getRequestedFrom(), TIME.format(pending.getRequestedAt()));
    }

    public void approve(long id) {
        decide(id, true);
    }

    public void reject(long id) {
        decide(id, false);
    }

    private void decide(long id, boolean approve) {
        pendingEnrollments.decide(id, approve, actor.name(), actor.address()).ifPresentOrElse(
                decided -> actor.tell(null, FacesMessage.SEVERITY_INFO, "Request " + id + " " + (approve ? "approved" : "rejected")
                        + ": the device gets its answer when it asks again."),
                () -> actor.tell(null, FacesMessage.SEVERITY_ERROR, "Request " + id + " is no longer waiting."));
        refresh();
    }

    public List<Row> getRows() {
        return rows;
    }
}
