package org.estuary.enrollment.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.auth.control.AbuseLimits;
import org.estuary.auth.control.ChannelBinding;
import org.estuary.auth.control.ProfileAuthentication;
import org.estuary.ca.control.Issuer;
import org.estuary.ca.control.Issuers;
import org.estuary.ca.control.Signatures;
import org.estuary.ca.control.LeafCertificateBuilder;
import org.estuary.ca.control.LeafTemplate;
import org.estuary.ca.entity.IssuedCertificate;
import org.estuary.ca.entity.IssuedCertificateFacts;
import org.estuary.ca.entity.UpstreamCaFailure;
import org.estuary.enrollment.control.IssuanceRecorder;
import org.estuary.enrollment.control.ManualApproval;
import org.estuary.enrollment.control.ReenrollmentMatcher;
import org.estuary.enrollment.control.RenewalAuthentication;
import org.estuary.enrollment.control.ServerKeygen;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.EnrollmentPending;
import org.estuary.enrollment.entity.NotOffered;
import org.estuary.enrollment.entity.TemporarilyUnavailable;
import org.estuary.enrollment.entity.UpstreamFailed;
import org.estuary.enrollment.entity.CmcRequestDeclined;
import org.estuary.enrollment.entity.EnrollmentRefused;
import org.estuary.enrollment.entity.EnrollmentRequest;
import org.estuary.enrollment.entity.FullPkiResponse;
import org.estuary.enrollment.entity.PendingEnrollment;
import org.estuary.enrollment.entity.RequestTooLarge;
import org.estuary.enrollment.entity.ServerGeneratedKey;
import org.estuary.profile.control.CertificateProfiles;
import org.estuary.profile.control.CsrPolicy;
import org.estuary.profile.control.PolicyCsrAttributes;
import org.estuary.profile.entity.EstProfile;
import org.estuary.wire.CertificationRequests;
import org.estuary.wire.CmcRefusal;
import org.estuary.wire.CsrAttributes;
import org.estuary.wire.FullCmcRequest;
import org.estuary.wire.FullCmcResponse;
import org.estuary.wire.MalformedMessage;
import org.estuary.wire.RequestBodies;
import org.estuary.wire.ServerGeneratedKeys.Recipient;

/**
 * The EST operations of a profile. They run outside any transaction: what they read, they read
 * without holding a connection, and what they write commits on its own: an issued certificate with
 * its audit row through the {@link IssuanceRecorder} (several enrollments per commit), a refusal's
 * audit row in a transaction of its own, a held request in {@link ManualApproval}'s.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Enrollment {

    /** No EST request needs more: a CSR with a 16384-bit RSA key and many SANs stays far below it. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    static final String ANONYMOUS = "anonymous";

    private static final Logger LOG = Logger.getLogger(Enrollment.class.getName());

    @Inject
    Issuers issuers;

    @Inject
    IssuanceRecorder issuanceRecorder;

    @Inject
    CertificateProfiles certificateProfiles;

    @Inject
    AuditTrail auditTrail;

    @Inject
    Provider provider;

    @Inject
    @Signatures
    Provider signatures;

    @Inject
    @ConfigProperty(name = "est.issuance.validity", defaultValue = "P365D")
    Duration validity;

    @Inject
    RenewalAuthentication renewalAuthentication;

    @Inject
    ManualApproval manualApproval;

    @Inject
    ServerKeygen serverKeygen;

    @Inject
    ProfileAuthentication profileAuthentication;

    @Inject
    AbuseLimits abuseLimits;

    private final Clock clock = Clock.systemUTC();

    /** The enrollment operations, with the audit actions of their outcomes. */
    enum Operation {
        SIMPLE_ENROLL("simpleenroll", AuditAction.SIMPLE_ENROLL_SUCCESS, AuditAction.SIMPLE_ENROLL_FAILED),
        SIMPLE_REENROLL("simplereenroll", AuditAction.SIMPLE_REENROLL_SUCCESS, AuditAction.SIMPLE_REENROLL_FAILED),
        SERVER_KEYGEN("serverkeygen", AuditAction.SERVER_KEYGEN_SUCCESS, AuditAction.SERVER_KEYGEN_FAILED),
        /** An enrollment like simpleenroll, counted with it; its audit details name /fullcmc. */
        FULL_CMC("fullcmc", AuditAction.SIMPLE_ENROLL_SUCCESS, AuditAction.SIMPLE_ENROLL_FAILED);

        final String path;
        final AuditAction success;
        final AuditAction failed;

        Operation(String path, AuditAction success, AuditAction failed) {
            this.path = path;
            this.success = success;
            this.failed = failed;
        }
    }

    /** Who asks, as far as the request has shown it: anonymous until credentials or a client certificate are accepted. */
    private static final class Requester {
        String principal = ANONYMOUS;
    }

    /** The work of one operation, run inside {@link #audited} once the profile's authentication passed. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Requester requester) throws EnrollmentRefused;
    }

    /** RFC 7030 §4.1: the CA certificates of the profile's issuer, issuing CA first. */
    public List<X509Certificate> caCertificates(EstProfile profile) {
        return issuerOf(profile).caCertificates();
    }

    /**
     * RFC 7030 §4.5 / RFC 8951 §4: the DER CsrAttrs the profile's certificate profile asks for, so
     * that a CSR built from them passes its policy; empty when it asks for nothing.
     */
    public byte[] csrAttributes(EstProfile profile) {
        CsrAttrs attributes = PolicyCsrAttributes.of(certificateProfiles.policyOf(profile));
        if (profile.authentication().channelBindingRequired()) {
            attributes = ChannelBinding.askedFor(attributes);
        }
        return CsrAttributes.isEmpty(attributes) ? new byte[0] : CsrAttributes.encode(attributes);
    }

    /**
     * RFC 7030 §4.2.1: signs the PKCS#10 request in the body. The certificate and its success audit
     * row commit together when this method returns; a refusal is audited on its own and rethrown.
     */
    public X509Certificate simpleEnroll(EnrollmentRequest request) throws EnrollmentRefused {
        return audited(request, Operation.SIMPLE_ENROLL, requester -> {
            PKCS10CertificationRequest csr = verifiedCsr(request.body());
            return issue(request, Operation.SIMPLE_ENROLL, requester, csr, csr.getSubjectPublicKeyInfo(), null, "")
                    .certificate();
        });
    }

    /**
     * RFC 7030 §4.2.2: renews (or rekeys) the certificate the client presents as its TLS client
     * certificate, issued under this profile. The CSR must carry that certificate's names; the new
     * record names the one it renews.
     */
    public X509Certificate simpleReenroll(EnrollmentRequest request) throws EnrollmentRefused {
        return audited(request, Operation.SIMPLE_REENROLL, requester -> {
            IssuedCertificate renewed = renewalAuthentication.certificateBeingRenewed(request.clientChain(),
                    issuerOf(request.profile()), request.profile().name());
            requester.principal = renewed.getSubjectDn();
            PKCS10CertificationRequest csr = verifiedCsr(request.body());
            ReenrollmentMatcher.requireSameNames(LeafCertificateBuilder.holderOf(request.clientChain().get(0)), csr,
                    request.profile().allowChangeSubjectName());
            return issue(request, Operation.SIMPLE_REENROLL, requester, csr, csr.getSubjectPublicKeyInfo(), renewed, "")
                    .certificate();
        });
    }

    /**
     * RFC 7030 §4.4: generates a key pair, certifies its public key for the names the CSR asks for
     * and answers the private key in the form it travels in (§4.4.2). "The server MUST ignore the
     * public key values and signature in the CSR" (§4.4.1), except as the recipient the key is
     * encrypted to. The key is neither stored nor audited; the caller wipes the key part once sent.
     */
    public ServerGeneratedKey serverKeygen(EnrollmentRequest request) throws EnrollmentRefused {
        EstProfile.ServerKeygen settings = request.profile().serverKeygen();
        return audited(request, Operation.SERVER_KEYGEN, requester -> {
            ServerKeygen.requireOffered(settings);
            PKCS10CertificationRequest csr = parsedCsr(request.body());
            Optional<Recipient> recipient = serverKeygen.recipientFor(settings, csr, request.clientChain());
            KeyPair keyPair = serverKeygen.generate(settings);
            String delivery = recipient.map(r -> "EnvelopedData (" + r.technique() + ")").orElse("PKCS#8");
            Issued issued = issue(request, Operation.SERVER_KEYGEN, requester, csr,
                    SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()), null,
                    " with a server-generated " + settings.keyAlgorithm() + " key, delivered as " + delivery);
            return new ServerGeneratedKey(ServerKeygen.keyPartContentType(recipient),
                    serverKeygen.keyPart(keyPair.getPrivate(), recipient, issued.issuer()), issued.certificate());
        });
    }

    /**
     * RFC 7030 §4.3: the simple case of a Full PKI Request, one PKCS#10 in a PKIData signed with its
     * own key, enrolled exactly like {@link #simpleEnroll} (authentication, policy, limits, manual
     * approval, record and audit). The answer is a Full PKI Response signed by the issuing CA: success
     * with the certificate and the CA chain, or, for a request the server declines, a failed status
     * (§4.3.2: "A CMC response with the content-type of "application/pkcs7-mime" MUST be included in
     * the response data for any CMC error response."). Refusals before the request is read as CMC
     * (authentication, a body that is no Full PKI Request) are thrown as for simpleenroll.
     */
    public FullPkiResponse fullCmc(EnrollmentRequest request) throws EnrollmentRefused {
        Issuer issuer = issuerOf(request.profile());
        try {
            return audited(request, Operation.FULL_CMC, requester -> {
                if (!issuer.holdsKey()) {
                    // The Full PKI Response is signed in the CA's name; an upstream CA's key is not here.
                    throw new NotOffered("fullcmc is not offered on this profile: its CA is upstream");
                }
                FullCmcRequest cmc = fullCmcRequest(request.body());
                Issued issued = issue(request, Operation.FULL_CMC, requester, cmc.csr(),
                        cmc.csr().getSubjectPublicKeyInfo(), null, " through /fullcmc");
                // The issuer that signed it signs the response too, even if a key rollover came in between.
                Issuer signer = issued.issuer();
                List<X509Certificate> certificates = new ArrayList<>();
                certificates.add(issued.certificate());
                certificates.addAll(signer.chain());
                return new FullPkiResponse(true, FullCmcResponse.success(cmc, certificates, signer.contentSigner(),
                        signer.chain().get(0)));
            });
        } catch (CmcRequestDeclined declined) {
            return new FullPkiResponse(false, FullCmcResponse.failure(declined.refusal(), issuer.contentSigner(),
                    issuer.chain().get(0)));
        }
    }

    /**
     * Admits the request by its profile's authentication, then runs {@code work}; a refusal or a
     * failure leaves an audit row of its own and is rethrown.
     */
    private <T> T audited(EnrollmentRequest request, Operation operation, Work<T> work) throws EnrollmentRefused {
        EstProfile profile = request.profile();
        Requester requester = new Requester();
        try {
            profileAuthentication.admit(request, operation == Operation.SIMPLE_REENROLL)
                    .ifPresent(principal -> requester.principal = principal);
            return work.run(requester);
        } catch (EnrollmentRefused refused) {
            auditTrail.recordOnItsOwn(new AuditEvent(refused.auditAction(operation.failed), profile.name(),
                    request.sourceAddress(), requester.principal, refused.getMessage(), null, clock));
            throw refused;
        } catch (RuntimeException failure) {
            LOG.log(Level.SEVERE, operation.path + " failed on profile " + profile.name(), failure);
            auditTrail.recordOnItsOwn(new AuditEvent(operation.failed, profile.name(), request.sourceAddress(),
                    requester.principal, "internal error", null, clock));
            throw failure;
        }
    }

    private record Issued(Issuer issuer, X509Certificate certificate) {
    }

    /**
     * Signs {@code key} for what the profile's policy grants {@code csr} (once a held request is
     * approved), and returns once the certificate and its success audit row are committed.
     */
    private Issued issue(EnrollmentRequest request, Operation operation, Requester requester,
            PKCS10CertificationRequest csr, SubjectPublicKeyInfo key, IssuedCertificate renewed, String auditNote)
            throws EnrollmentRefused {
        EstProfile profile = request.profile();
        if (profile.authentication().channelBindingRequired()) {
            ChannelBinding.verify(csr, request.tlsSession());
        }
        Issuer issuer = issuerOf(profile);
        LeafTemplate template = CsrPolicy.review(csr, key, certificateProfiles.policyOf(profile), validity);
        abuseLimits.admitEnrollment(profile, commonNameOf(template.subject()), request.sourceAddress());
        // Only a profile with manual approval pays for its transaction and lookup.
        Optional<PendingEnrollment> approved = profile.approval().manual()
                ? manualApproval.admit(profile.approval(), profile.name(), operation.path, csr, request.sourceAddress())
                : Optional.empty();
        X509Certificate certificate = issuedBy(issuer, template, csr);
        IssuedCertificateFacts facts = IssuedCertificateFacts.of(issuer.id(), certificate);
        IssuedCertificate record = new IssuedCertificate(facts, profile.name(),
                profile.certificateProfileId().orElse(null), IssuedCertificate.SOURCE_EST,
                request.sourceAddress(), LocalDateTime.now(clock));
        if (renewed != null) {
            record.renew(renewed);
        }
        // "A certificate is returned only after its record is committed": the recorder returns after the commit.
        issuanceRecorder.record(record, new AuditEvent(operation.success, profile.name(), request.sourceAddress(),
                requester.principal, "issued " + facts.subjectDn() + auditNote, facts.serialNumber(), clock),
                approved.orElse(null));
        return new Issued(issuer, certificate);
    }

    /**
     * What {@code issuer} certifies; an upstream CA's refusal becomes the answer RFC 7030 §4.2.3 gives a
     * client for it: 202 with its Retry-After while it holds the request, 503 (with Retry-After where it
     * asked for one) while it is away, 502 when it refused.
     */
    private static X509Certificate issuedBy(Issuer issuer, LeafTemplate template, PKCS10CertificationRequest csr)
            throws EnrollmentRefused {
        try {
            return issuer.issue(template, csr);
        } catch (UpstreamCaFailure upstream) {
            throw switch (upstream.kind()) {
                case PENDING -> new EnrollmentPending(upstream.getMessage(), upstream.retryAfterSeconds());
                case UNAVAILABLE -> new TemporarilyUnavailable(upstream.getMessage(), upstream.retryAfterSeconds());
                case FAILED -> new UpstreamFailed(upstream.getMessage());
            };
        }
    }

    /** The subject's first common name, or the whole subject when it has none: whom the per-principal limit counts. */
    private static String commonNameOf(X500Name subject) {
        String commonName = IssuedCertificateFacts.commonNameOf(subject);
        return commonName == null ? subject.toString() : commonName;
    }

    private PKCS10CertificationRequest verifiedCsr(byte[] body) throws BadRequestBody, RequestTooLarge {
        try {
            return CertificationRequests.decodeVerified(boundedDer(body), signatures, provider);
        } catch (MalformedMessage malformed) {
            throw new BadRequestBody(malformed.getMessage());
        }
    }

    private FullCmcRequest fullCmcRequest(byte[] body) throws BadRequestBody, RequestTooLarge {
        try {
            return FullCmcRequest.decode(boundedDer(body), signatures, provider);
        } catch (MalformedMessage malformed) {
            throw new BadRequestBody(malformed.getMessage());
        } catch (CmcRefusal refusal) {
            throw new CmcRequestDeclined(refusal);
        }
    }

    /** A CSR whose signature is not checked: serverkeygen ignores it (RFC 7030 §4.4.1). */
    private static PKCS10CertificationRequest parsedCsr(byte[] body) throws BadRequestBody, RequestTooLarge {
        try {
            return CertificationRequests.decode(boundedDer(body));
        } catch (MalformedMessage malformed) {
            throw new BadRequestBody(malformed.getMessage());
        }
    }

    private static byte[] boundedDer(byte[] body) throws RequestTooLarge, MalformedMessage {
        if (body.length > MAX_REQUEST_BYTES) {
            throw new RequestTooLarge(MAX_REQUEST_BYTES);
        }
        return RequestBodies.derOf(body);
    }

    private Issuer issuerOf(EstProfile profile) {
        return issuers.byId(profile.issuerId()).orElseThrow(() -> new IllegalStateException(
                "profile " + profile.name() + " is bound to unknown issuer " + profile.issuerId()));
    }
}
