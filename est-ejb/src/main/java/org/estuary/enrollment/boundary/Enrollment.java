package org.estuary.enrollment.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.ca.control.IssuedCertificates;
import org.estuary.ca.control.LeafCertificateBuilder;
import org.estuary.ca.control.LeafTemplate;
import org.estuary.ca.control.Issuer;
import org.estuary.ca.control.Issuers;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.ca.entity.IssuedCertificateFacts;
import org.estuary.enrollment.control.CsrReview;
import org.estuary.enrollment.control.ManualApproval;
import org.estuary.enrollment.control.ReenrollmentMatcher;
import org.estuary.enrollment.control.RequestedCsrAttributes;
import org.estuary.enrollment.control.RenewalAuthentication;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.EnrollmentRefused;
import org.estuary.enrollment.entity.EnrollmentRequest;
import org.estuary.enrollment.entity.PendingEnrollment;
import org.estuary.enrollment.entity.RequestTooLarge;
import org.estuary.profile.control.EstProfiles;
import org.estuary.profile.entity.EstProfile;
import org.estuary.wire.CertificationRequests;
import org.estuary.wire.MalformedMessage;
import org.estuary.wire.RequestBodies;

/** The EST operations of one profile, each in one transaction. */
@Stateless
public class Enrollment {

    /** No EST request needs more: a CSR with a 16384-bit RSA key and many SANs stays far below it. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    static final String ANONYMOUS = "anonymous";

    private static final Logger LOG = Logger.getLogger(Enrollment.class.getName());

    @Inject
    EstProfiles profiles;

    @Inject
    Issuers issuers;

    @Inject
    IssuedCertificates issuedCertificates;

    @Inject
    AuditTrail auditTrail;

    @Inject
    Provider provider;

    @Inject
    @ConfigProperty(name = "est.issuance.validity", defaultValue = "P365D")
    Duration validity;

    @Inject
    @ConfigProperty(name = "est.reenroll.allow-change-subject-name", defaultValue = "false")
    boolean changeSubjectNameAllowed;

    @Inject
    RenewalAuthentication renewalAuthentication;

    @Inject
    ManualApproval manualApproval;

    @Inject
    RequestedCsrAttributes requestedCsrAttributes;

    private final Clock clock = Clock.systemUTC();

    /** The enrollment operations, with the audit actions of their outcomes. */
    enum Operation {
        SIMPLE_ENROLL("simpleenroll", false, AuditAction.SIMPLE_ENROLL_SUCCESS, AuditAction.SIMPLE_ENROLL_FAILED),
        SIMPLE_REENROLL("simplereenroll", true, AuditAction.SIMPLE_REENROLL_SUCCESS, AuditAction.SIMPLE_REENROLL_FAILED);

        final String path;
        final boolean renews;
        final AuditAction success;
        final AuditAction failed;

        Operation(String path, boolean renews, AuditAction success, AuditAction failed) {
            this.path = path;
            this.renews = renews;
            this.success = success;
            this.failed = failed;
        }
    }

    /** RFC 7030 §4.1: the CA certificates of the profile's issuer, issuing CA first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<X509Certificate> caCertificates() {
        return issuerOf(profiles.root()).chain();
    }

    /** RFC 7030 §4.5 / RFC 8951 §4: the DER CsrAttrs the profile asks for; empty when it asks for nothing. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public byte[] csrAttributes() {
        return requestedCsrAttributes.der();
    }

    /**
     * RFC 7030 §4.2.1: signs the PKCS#10 request in the body. The certificate and its success audit
     * row commit together when this method returns; a refusal is audited on its own and rethrown.
     */
    public X509Certificate simpleEnroll(EnrollmentRequest request) throws EnrollmentRefused {
        return enroll(request, Operation.SIMPLE_ENROLL);
    }

    /**
     * RFC 7030 §4.2.2: renews (or rekeys) the certificate the client presents as its TLS client
     * certificate. The CSR must carry that certificate's names; the new record names the one it renews.
     */
    public X509Certificate simpleReenroll(EnrollmentRequest request) throws EnrollmentRefused {
        return enroll(request, Operation.SIMPLE_REENROLL);
    }

    private X509Certificate enroll(EnrollmentRequest request, Operation operation) throws EnrollmentRefused {
        EstProfile profile = profiles.root();
        String principal = ANONYMOUS;
        try {
            Issuer issuer = issuerOf(profile);
            IssuedCertificate renewed = null;
            if (operation.renews) {
                renewed = renewalAuthentication.certificateBeingRenewed(request.clientChain(), issuer);
                principal = renewed.getSubjectDn();
            }
            PKCS10CertificationRequest csr = verifiedCsr(request.body());
            if (renewed != null) {
                ReenrollmentMatcher.requireSameNames(LeafCertificateBuilder.holderOf(request.clientChain().get(0)), csr,
                        changeSubjectNameAllowed);
            }
            LeafTemplate template = CsrReview.templateFor(csr, validity);
            Optional<PendingEnrollment> approved = manualApproval.admit(profile.name(), operation.path, csr,
                    request.sourceAddress());
            X509Certificate certificate = issuer.issue(template);
            IssuedCertificateFacts facts = IssuedCertificateFacts.of(issuer.id(), certificate);
            IssuedCertificate record = new IssuedCertificate(facts, profile.name(), IssuedCertificate.SOURCE_EST,
                    request.sourceAddress(), LocalDateTime.now(clock));
            if (renewed != null) {
                record.renew(renewed);
            }
            issuedCertificates.add(record);
            approved.ifPresent(pending -> pending.issued(facts.serialNumber()));
            auditTrail.record(new AuditEvent(operation.success, profile.name(), request.sourceAddress(), principal,
                    "issued " + facts.subjectDn(), facts.serialNumber(), clock));
            return certificate;
        } catch (EnrollmentRefused refused) {
            auditTrail.recordOnItsOwn(new AuditEvent(refused.auditAction(operation.failed), profile.name(),
                    request.sourceAddress(), principal, refused.getMessage(), null, clock));
            throw refused;
        } catch (RuntimeException failure) {
            LOG.log(Level.SEVERE, operation.path + " failed on profile " + profile.name(), failure);
            auditTrail.recordOnItsOwn(new AuditEvent(operation.failed, profile.name(), request.sourceAddress(),
                    principal, "internal error", null, clock));
            throw failure;
        }
    }

    private PKCS10CertificationRequest verifiedCsr(byte[] body) throws BadRequestBody, RequestTooLarge {
        if (body.length > MAX_REQUEST_BYTES) {
            throw new RequestTooLarge(MAX_REQUEST_BYTES);
        }
        try {
            return CertificationRequests.decodeVerified(RequestBodies.derOf(body), provider);
        } catch (MalformedMessage malformed) {
            throw new BadRequestBody(malformed.getMessage());
        }
    }

    private Issuer issuerOf(EstProfile profile) {
        return issuers.byId(profile.issuerId()).orElseThrow(() -> new IllegalStateException(
                "profile " + profile.name() + " is bound to unknown issuer " + profile.issuerId()));
    }
}
