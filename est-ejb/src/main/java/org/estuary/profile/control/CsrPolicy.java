package org.estuary.profile.control;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.DirectoryString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.ca.control.LeafTemplate;
import org.estuary.ca.entity.KeyDescription;
import org.estuary.ca.entity.KeyDescription.Family;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.PolicyViolation;
import org.estuary.profile.entity.CertificatePolicy;
import org.estuary.profile.entity.SanRules;
import org.estuary.profile.entity.SanRules.SanType;
import org.estuary.profile.entity.SubjectRules;
import org.estuary.profile.entity.SubjectRules.SubjectAttribute;

/**
 * Decides what a verified CSR may have under a certificate profile, and turns it into the leaf it
 * gets: the one place where key, signature, extended key usage, subjectAltName, subject and
 * PKCS#10 attribute rules are enforced. A malformed structure is a {@link BadRequestBody}; every
 * broken rule a {@link PolicyViolation} naming its dimension. Requested extensions other than
 * subjectAltName and extendedKeyUsage are not copied: the CA decides key usage and constraints.
 */
public final class CsrPolicy {

    static final String KEY = "key";
    static final String SIGNATURE = "signature";
    static final String EKU = "eku";
    static final String SAN = "san";
    static final String SUBJECT = "subject";
    static final String ATTRIBUTE = "attribute";

    /** The hashes a signature can name, by the OID of the digest. */
    private static final Map<ASN1ObjectIdentifier, String> HASH_NAMES = Map.of(
            PKCSObjectIdentifiers.md5, "MD5",
            OIWObjectIdentifiers.idSHA1, "SHA-1",
            NISTObjectIdentifiers.id_sha224, "SHA-224",
            NISTObjectIdentifiers.id_sha256, "SHA-256",
            NISTObjectIdentifiers.id_sha384, "SHA-384",
            NISTObjectIdentifiers.id_sha512, "SHA-512");

    /** The GeneralName CHOICE (RFC 5280 §4.2.1.6), by tag, for messages. */
    private static final List<String> GENERAL_NAME_TYPES = List.of("otherName", "rfc822Name", "dNSName",
            "x400Address", "directoryName", "ediPartyName", "uniformResourceIdentifier", "iPAddress", "registeredID");

    private CsrPolicy() {
    }

    /**
     * The leaf {@code csr} gets under {@code policy}.
     *
     * @param keyToCertify the CSR's own key, or for server-side key generation the server's
     * @param defaultValidity how long the leaf lives unless the policy caps it lower
     */
    public static LeafTemplate review(PKCS10CertificationRequest csr, SubjectPublicKeyInfo keyToCertify,
            CertificatePolicy policy, Duration defaultValidity) throws PolicyViolation, BadRequestBody {
        try {
            return reviewed(csr, keyToCertify, policy, defaultValidity);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException malformed) {
            // Bouncy Castle parses a CSR's names and attributes lazily: a structure that is not what its
            // type says surfaces here, as a malformed request rather than a server failure.
            throw new BadRequestBody("CSR is malformed: a name or attribute is not well-formed");
        }
    }

    private static LeafTemplate reviewed(PKCS10CertificationRequest csr, SubjectPublicKeyInfo keyToCertify,
            CertificatePolicy policy, Duration defaultValidity) throws PolicyViolation, BadRequestBody {
        requireAllowedKey(KeyDescription.of(keyToCertify), policy);
        if (keyToCertify.equals(csr.getSubjectPublicKeyInfo())) {
            // For a server-generated key "the server MUST ignore the public key values and signature in
            // the CSR" (RFC 7030 §4.4.1): the signature hash is judged only where it proves possession.
            requireAllowedSignature(csr.getSignatureAlgorithm(), policy);
        }
        requireWellFormedSubject(csr.getSubject());
        Extensions requested = requestedExtensions(csr);
        X500Name subject = subjectWithRequiredAttributes(csr, policy);
        requireAllowedSubject(subject, policy.subject());
        GeneralNames subjectAltNames = subjectAltNames(requested);
        if (subject.getRDNs().length == 0 && subjectAltNames == null) {
            // RFC 5280 §4.1.2.6: "If the subject field contains an empty sequence, then the issuing CA MUST
            // include a subjectAltName extension".
            throw new PolicyViolation(SUBJECT, "empty subject and no subjectAltName");
        }
        requireAllowedSubjectAltNames(subjectAltNames, policy.san());
        RecordableNames.require(subject, subjectAltNames);
        List<KeyPurposeId> extendedKeyUsages = extendedKeyUsages(requested, policy);
        Duration validity = policy.maxTtl() != null && policy.maxTtl().compareTo(defaultValidity) < 0
                ? policy.maxTtl() : defaultValidity;
        return new LeafTemplate(subject, keyToCertify, subjectAltNames, validity, extendedKeyUsages, policy.mustStaple());
    }

    /** The key rule alone: also how the start-up check knows a profile's serverkeygen key is one its policy allows. */
    public static void requireAllowedKey(KeyDescription key, CertificatePolicy policy) throws PolicyViolation {
        if (!policy.keyAlgorithms().contains(key.family())) {
            String given = key.family() == Family.OTHER ? key.toString() : key.family().label();
            throw new PolicyViolation(KEY, given + " not allowed ("
                    + policy.keyAlgorithms().stream().map(Family::label).collect(Collectors.joining(", ")) + ")");
        }
        if (key.family() == Family.RSA && key.bits() < policy.rsaMinBits()) {
            throw new PolicyViolation(KEY, key + " below minimum " + policy.rsaMinBits());
        }
        if (key.family() == Family.RSA && key.bits() > CertificatePolicy.MAX_RSA_BITS) {
            throw new PolicyViolation(KEY, key + " above maximum " + CertificatePolicy.MAX_RSA_BITS);
        }
        if (key.family() == Family.EC && !policy.ecCurves().contains(key.curve())) {
            throw new PolicyViolation(KEY, key + " not allowed (" + String.join(", ", policy.ecCurves()) + ")");
        }
    }

    /** The hash is read from the signature algorithm, for RSASSA-PSS from its hashAlgorithm parameter. */
    private static void requireAllowedSignature(AlgorithmIdentifier signature, CertificatePolicy policy)
            throws PolicyViolation, BadRequestBody {
        ASN1ObjectIdentifier algorithm = signature.getAlgorithm();
        if (policy.signatureHash() == null || algorithm.equals(EdECObjectIdentifiers.id_Ed25519)
                || algorithm.equals(EdECObjectIdentifiers.id_Ed448)) {
            return;
        }
        String hash;
        try {
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            hash = digest == null ? algorithm.getId()
                    : HASH_NAMES.getOrDefault(digest.getAlgorithm(), digest.getAlgorithm().getId());
        } catch (RuntimeException malformedParameters) {
            throw new BadRequestBody("CSR signature algorithm parameters are malformed");
        }
        if (!hash.equals(policy.signatureHash())) {
            throw new PolicyViolation(SIGNATURE, hash + " not allowed (" + policy.signatureHash() + ")");
        }
    }

    /**
     * Bouncy Castle reads a subject's attribute types and values only when asked: one that is not an
     * OID and a value (RFC 5280 §4.1.2.4, AttributeTypeAndValue), or a string that does not decode (a
     * UTF8String that is not UTF-8), would otherwise fail deep inside a later rule, the per-principal
     * limit or the issuer, as a server error.
     */
    private static void requireWellFormedSubject(X500Name subject) throws BadRequestBody {
        try {
            for (RDN rdn : subject.getRDNs()) {
                for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                    requireNonNull(attribute.getType());
                    if (requireNonNull(attribute.getValue()) instanceof ASN1String string) {
                        string.getString();
                    }
                }
            }
        } catch (RuntimeException malformed) {
            throw new BadRequestBody("CSR subject is malformed");
        }
    }

    private static Extensions requestedExtensions(PKCS10CertificationRequest csr) throws BadRequestBody {
        try {
            return csr.getRequestedExtensions();
        } catch (RuntimeException malformed) {
            throw new BadRequestBody("CSR extensionRequest attribute is malformed");
        }
    }

    /**
     * Checks the required PKCS#10 attributes and answers the subject to issue: the CSR's, with a
     * deviceSerialNumber that came as an attribute appended as its last RDN.
     */
    private static X500Name subjectWithRequiredAttributes(PKCS10CertificationRequest csr, CertificatePolicy policy)
            throws PolicyViolation, BadRequestBody {
        X500Name subject = csr.getSubject();
        for (ASN1ObjectIdentifier type : policy.requiredCsrAttributes()) {
            if (type.equals(CertificatePolicy.DEVICE_SERIAL_NUMBER)) {
                subject = withDeviceSerialNumber(csr, subject);
            } else if (csr.getAttributes(type).length == 0) {
                throw new PolicyViolation(ATTRIBUTE, CertificatePolicy.csrAttributeName(type) + " missing");
            }
        }
        return subject;
    }

    private static X500Name withDeviceSerialNumber(PKCS10CertificationRequest csr, X500Name subject)
            throws PolicyViolation, BadRequestBody {
        DirectoryString requested = serialNumberAttribute(csr);
        RDN[] inSubject = subject.getRDNs(CertificatePolicy.DEVICE_SERIAL_NUMBER);
        if (inSubject.length > 0) {
            if (requested != null && !requested.getString().equals(valueText(inSubject[0].getFirst().getValue()))) {
                throw new PolicyViolation(ATTRIBUTE, "deviceSerialNumber differs from the subject's serialNumber");
            }
            return subject;
        }
        if (requested == null) {
            throw new PolicyViolation(ATTRIBUTE, "deviceSerialNumber missing");
        }
        RDN[] rdns = Arrays.copyOf(subject.getRDNs(), subject.getRDNs().length + 1);
        rdns[rdns.length - 1] = new RDN(CertificatePolicy.DEVICE_SERIAL_NUMBER, requested.toASN1Primitive());
        return new X500Name(rdns);
    }

    /** The value of the CSR's serialNumber attribute: one attribute, one DirectoryString (X.520); null when absent. */
    private static DirectoryString serialNumberAttribute(PKCS10CertificationRequest csr) throws BadRequestBody {
        Attribute[] attributes = csr.getAttributes(CertificatePolicy.DEVICE_SERIAL_NUMBER);
        if (attributes.length == 0) {
            return null;
        }
        try {
            if (attributes.length > 1 || attributes[0].getAttrValues().size() != 1) {
                throw new IllegalArgumentException("more than one serialNumber");
            }
            DirectoryString value = DirectoryString.getInstance(attributes[0].getAttrValues().getObjectAt(0));
            value.getString(); // a UTF8String that is not UTF-8 fails here, not later
            return value;
        } catch (RuntimeException malformed) {
            throw new BadRequestBody("CSR serialNumber attribute is malformed");
        }
    }

    private static void requireAllowedSubject(X500Name subject, SubjectRules rules) throws PolicyViolation {
        Set<SubjectAttribute> present = EnumSet.noneOf(SubjectAttribute.class);
        for (AttributeTypeAndValue attribute : attributesOf(subject)) {
            SubjectAttribute known = SubjectAttribute.of(attribute.getType()).orElse(null);
            if (known == null ? rules.allowed() != null : !rules.allows(known)) {
                throw new PolicyViolation(SUBJECT, SubjectAttribute.nameOf(attribute.getType()) + " not allowed");
            }
            if (known != null) {
                present.add(known);
            }
        }
        for (SubjectAttribute required : EnumSet.allOf(SubjectAttribute.class)) {
            if (rules.required().contains(required) && !present.contains(required)) {
                throw new PolicyViolation(SUBJECT, required.shortName() + " missing");
            }
        }
        if (rules.cnPattern() != null) {
            Pattern pattern = Pattern.compile(rules.cnPattern());
            for (RDN rdn : subject.getRDNs(SubjectAttribute.CN.type())) {
                for (AttributeTypeAndValue cn : rdn.getTypesAndValues()) {
                    String value = valueText(cn.getValue());
                    if (cn.getType().equals(SubjectAttribute.CN.type()) && !pattern.matcher(value).matches()) {
                        throw new PolicyViolation(SUBJECT, "CN \"" + value + "\" does not match the required pattern");
                    }
                }
            }
        }
    }

    private static List<AttributeTypeAndValue> attributesOf(X500Name subject) {
        List<AttributeTypeAndValue> attributes = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            attributes.addAll(Arrays.asList(rdn.getTypesAndValues()));
        }
        return attributes;
    }

    private static String valueText(ASN1Encodable value) {
        return value instanceof ASN1String string ? string.getString() : value.toString();
    }

    private static GeneralNames subjectAltNames(Extensions requested) throws BadRequestBody {
        try {
            return requested == null ? null : GeneralNames.fromExtensions(requested, Extension.subjectAlternativeName);
        } catch (RuntimeException malformed) {
            throw new BadRequestBody("CSR subjectAltName request is malformed");
        }
    }

    private static void requireAllowedSubjectAltNames(GeneralNames names, SanRules rules)
            throws PolicyViolation, BadRequestBody {
        Set<SanType> present = EnumSet.noneOf(SanType.class);
        for (GeneralName name : names == null ? new GeneralName[0] : names.getNames()) {
            SanType type = sanTypeOf(name.getTagNo());
            if (type == null || !rules.allowedTypes().contains(type)) {
                throw new PolicyViolation(SAN, GENERAL_NAME_TYPES.get(name.getTagNo()) + " not allowed");
            }
            present.add(type);
            switch (type) {
                case DNS -> {
                    String dnsName = valueText(name.getName());
                    if (!rules.allowsDnsName(dnsName)) {
                        throw new PolicyViolation(SAN, "dNSName " + dnsName + " outside the allowed names");
                    }
                }
                case IP -> {
                    byte[] address = ipAddress(name);
                    if (!rules.allowsIpAddress(address)) {
                        throw new PolicyViolation(SAN, "iPAddress " + text(address) + " outside the allowed ranges");
                    }
                }
                case EMAIL -> {
                    String mailbox = valueText(name.getName());
                    if (!rules.allowsEmail(mailbox)) {
                        throw new PolicyViolation(SAN, "rfc822Name " + mailbox + " outside the allowed domains");
                    }
                }
                case URI -> {
                    // RFC 5280 §4.2.1.6 leaves URIs to the profile; allowing the type is all it asks here.
                }
            }
        }
        for (SanType required : EnumSet.allOf(SanType.class)) {
            if (rules.requiredTypes().contains(required) && !present.contains(required)) {
                throw new PolicyViolation(SAN, "required " + GENERAL_NAME_TYPES.get(required.tag()) + " missing");
            }
        }
    }

    private static SanType sanTypeOf(int tag) {
        return EnumSet.allOf(SanType.class).stream().filter(type -> type.tag() == tag).findFirst().orElse(null);
    }

    /** RFC 5280 §4.2.1.6: the octet string "MUST contain exactly four octets" (IPv4) or "exactly sixteen octets" (IPv6). */
    private static byte[] ipAddress(GeneralName name) throws BadRequestBody {
        byte[] address = ASN1OctetString.getInstance(name.getName()).getOctets();
        if (address.length != 4 && address.length != 16) {
            throw new BadRequestBody("CSR subjectAltName iPAddress is malformed");
        }
        return address;
    }

    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("an address of " + address.length + " bytes", impossible);
        }
    }

    /**
     * Every requested extended key usage must be allowed: RFC 5280 §4.2.1.12, "the certificate MUST
     * only be used for one of the purposes indicated". Issued are the requested ones, or all allowed
     * ones when the CSR requests none.
     */
    private static List<KeyPurposeId> extendedKeyUsages(Extensions requested, CertificatePolicy policy)
            throws PolicyViolation, BadRequestBody {
        ExtendedKeyUsage usages;
        try {
            usages = requested == null ? null : ExtendedKeyUsage.fromExtensions(requested);
        } catch (RuntimeException malformed) {
            throw new BadRequestBody("CSR extendedKeyUsage request is malformed");
        }
        if (usages == null || usages.size() == 0) {
            return policy.allowedEkus().stream().map(KeyPurposeId::getInstance).toList();
        }
        Set<KeyPurposeId> issued = new LinkedHashSet<>();
        for (KeyPurposeId usage : usages.getUsages()) {
            if (!policy.allowedEkus().contains(usage.toOID())) {
                throw new PolicyViolation(EKU, CertificatePolicy.ekuName(usage.toOID()) + " not allowed ("
                        + policy.allowedEkus().stream().map(CertificatePolicy::ekuName).collect(Collectors.joining(", "))
                        + ")");
            }
            issued.add(usage);
        }
        return List.copyOf(issued);
    }
}
