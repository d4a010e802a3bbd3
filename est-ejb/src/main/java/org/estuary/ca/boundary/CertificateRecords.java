package org.estuary.ca.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.ca.control.IssuedCertificates;
import org.estuary.ca.entity.CertificateSearch;
import org.estuary.ca.entity.IssuedCertificate;

/** What the server recorded of the certificates it issued: for operators, and for checking that nothing issued was lost. */
@Stateless
public class CertificateRecords {

    @Inject
    IssuedCertificates issuedCertificates;

    @Inject
    AuditTrail auditTrail;

    /** A record and the audit actions that name it. */
    public record Found(IssuedCertificate certificate, List<String> auditActions) {
    }

    /** A page of the records {@code search} selects, newest first, and how many it selects in all. */
    public record Page(List<IssuedCertificate> certificates, long total) {
    }

    public Page search(CertificateSearch search) {
        return new Page(issuedCertificates.search(search), issuedCertificates.count(search));
    }

    public List<Found> withSerial(BigInteger serialNumber) {
        return issuedCertificates.withSerial(serialNumber).stream()
                .map(record -> new Found(record, auditTrail.actionsFor(record.getSerialNumber())))
                .toList();
    }
}
