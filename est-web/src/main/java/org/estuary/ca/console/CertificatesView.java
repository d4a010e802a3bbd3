package org.estuary.ca.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.estuary.admin.console.ConsoleActor;
import org.estuary.admin.entity.AdminRequestRefused;
import org.estuary.ca.boundary.CertificateRecords;
import org.estuary.ca.entity.CertificateSearch;
import org.estuary.ca.entity.CertificateStatus;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.EstProfile;
import org.estuary.revocation.boundary.Revocations;
import org.estuary.revocation.entity.RevocationReason;
import org.estuary.wire.CertificatesPem;

/**
 * The console's Certificates tab: search the record by serial, common name, EST profile and status;
 * a certificate's detail with its audit actions and PEM; revoke it with a reason (the admin API's
 * boundary, audited with the administrator's name).
 */
@Named
@ViewScoped
public class CertificatesView implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    /** A certificate as the table and the detail show it. */
    public record Row(String serial, String issuerId, String subject, String profile, String status, String issuedAt,
            String notAfter, String revoked) implements Serializable {
    }

    /** The selected certificate: its row, its audit actions and its PEM. */
    public record Detail(Row row, List<String> auditActions, String pem, String renewsSerial) implements Serializable {
    }

    @Inject
    CertificateRecords records;

    @Inject
    Revocations revocations;

    @Inject
    EstProfiles estProfiles;

    @Inject
    ConsoleActor actor;

    private String serial;
    private String commonName;
    private String profile;
    private String status;
    private int offset;
    private List<Row> rows = List.of();
    private long total;
    private Detail detail;
    private RevocationReason reason = RevocationReason.UNSPECIFIED;

    @PostConstruct
    public void search() {
        offset = 0;
        load();
    }

    private void load() {
        try {
            CertificateRecords.Page page = records.search(new CertificateSearch(Optional.ofNullable(serial),
                    Optional.ofNullable(commonName), Optional.ofNullable(profile),
                    Optional.ofNullable(status).filter(s -> !s.isEmpty()).map(CertificateStatus::valueOf), offset, PAGE_SIZE));
            rows = page.certificates().stream().map(CertificatesView::row).toList();
            total = page.total();
        } catch (IllegalArgumentException invalid) {
            actor.tell("search-form:serial", FacesMessage.SEVERITY_ERROR, invalid.getMessage());
            rows = List.of();
            total = 0;
        }
    }

    private static Row row(IssuedCertificate certificate) {
        String revoked = certificate.getRevokedAt() == null ? ""
                : TIME.format(certificate.getRevokedAt()) + ", " + certificate.getRevocationReason().rfcName();
        return new Row(certificate.getSerialNumber(), certificate.getIssuerId(), certificate.getSubjectDn(), certificate.getProfile(),
                certificate.getStatus().name(), TIME.format(certificate.getIssuedAt()), TIME.format(certificate.getNotAfter()), revoked);
    }

    public void nextPage() {
        if (offset + PAGE_SIZE < total) {
            offset += PAGE_SIZE;
            load();
        }
    }

    public void previousPage() {
        offset = Math.max(0, offset - PAGE_SIZE);
        load();
    }

    /** Shows the certificate with {@code serialNumber} (the first issuer's, should several have it). */
    public void show(String serialNumber) {
        detail = records.withSerial(new BigInteger(serialNumber, 16)).stream().findFirst()
                .map(found -> new Detail(row(found.certificate()), found.auditActions(), CertificatesPem.of(found.certificate().getDer()),
                        found.certificate().getRenewsSerial()))
                .orElse(null);
        reason = RevocationReason.UNSPECIFIED;
    }

    public void revoke() {
        if (detail == null) {
            return;
        }
        try {
            Revocations.Outcome outcome = revocations.revoke(new BigInteger(detail.row().serial(), 16), reason, actor.name(),
                    actor.address());
            actor.tell(null, FacesMessage.SEVERITY_INFO, outcome.changed()
                    ? "Certificate " + detail.row().serial() + " revoked (" + reason.rfcName() + ")."
                    : "Certificate " + detail.row().serial() + " was already revoked; nothing changed.");
        } catch (AdminRequestRefused refused) {
            actor.tell(null, FacesMessage.SEVERITY_ERROR, refused.getMessage());
        }
        show(detail.row().serial());
        load();
    }

    public List<String> getProfiles() {
        return estProfiles.all().stream().map(EstProfile::name).toList();
    }

    public List<RevocationReason> getReasons() {
        return Arrays.asList(RevocationReason.values());
    }

    public List<Row> getRows() {
        return rows;
    }

    public long getTotal() {
        return total;
    }

    public int getFirstShown() {
        return rows.isEmpty() ? 0 : offset + 1;
    }

    public int getLastShown() {
        return offset + rows.size();
    }

    public boolean isMore() {
        return offset + PAGE_SIZE < total;
    }

    public boolean isFirst() {
        return offset == 0;
    }

    public Detail getDetail() {
        return detail;
    }

    public String getSerial() {
        return serial;
    }

    public void setSerial(String serial) {
        this.serial = serial;
    }

    public String getCommonName() {
        return commonName;
    }

    public void setCommonName(String commonName) {
        this.commonName = commonName;
    }

    public String getProfile() {
        return profile;
    }

    public void setProfile(String profile) {
        this.profile = profile;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public RevocationReason getReason() {
        return reason;
    }

    public void setReason(RevocationReason reason) {
        this.reason = reason;
    }
}
