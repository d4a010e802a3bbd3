package org.estuary.profile.control;

import static org.estuary.profile.control.TestCsrs.keys;
import static org.estuary.profile.control.TestCsrs.policy;
import static org.estuary.profile.control.TestCsrs.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estuary.ca.control.LeafTemplate;
import org.estuary.enrollment.entity.BadRequestBody;
import org.estuary.enrollment.entity.PolicyViolation;
import org.estuary.profile.entity.CertificatePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsrPolicyTest {

    private static final Duration YEAR = Duration.ofDays(365);
    private static final String BASELINE = "{'id':'baseline'}";
    private static final DERPrintableString SERIAL = new DERPrintableString("SN-0042");

    /** Each row: the rule at stake, the policy, the CSR, and the refusal, or null when the CSR passes. */
    static Stream<Arguments> rows() {
        return Stream.of(
                // key: the baseline floor, then the profile's families, curves and RSA minimum
                row("key: baseline accepts RSA 2048", BASELINE, request().key("RSA-2048"), null),
                row("key: baseline accepts EC P-384", BASELINE, request().key("EC-P-384"), null),
                row("key: baseline accepts EC P-521", BASELINE, request().key("EC-P-521"), null),
                row("key: baseline accepts Ed25519", BASELINE, request().key("Ed25519"), null),
                row("key: baseline accepts Ed448", BASELINE, request().key("Ed448"), null),
                row("key: baseline refuses RSA 1024", BASELINE, request().key("RSA-1024"),
                        "key: RSA 1024 below minimum 2048"),
                row("key: baseline refuses a curve outside P-256/384/521", BASELINE, request().key("EC-secp256k1"),
                        "key: EC 1.3.132.0.10 not allowed (P-256, P-384, P-521)"),
                row("key: rsa_min_bits raises the floor", "{'id':'x','rsa_min_bits':3072}", request().key("RSA-2048"),
                        "key: RSA 2048 below minimum 3072"),
                row("key: P-256 only accepts P-256", "{'id':'x','key_algorithms':['EC'],'ec_curves':['P-256']}",
                        request().key("EC-P-256"), null),
                row("key: P-256 only refuses P-384", "{'id':'x','key_algorithms':['EC'],'ec_curves':['P-256']}",
                        request().key("EC-P-384"), "key: EC P-384 not allowed (P-256)"),
                row("key: EC only refuses RSA", "{'id':'x','key_algorithms':['EC']}", request().key("RSA-2048"),
                        "key: RSA not allowed (EC)"),
                row("key: EC and RSA refuse Ed25519", "{'id':'x','key_algorithms':['EC','RSA']}",
                        request().key("Ed25519"), "key: Ed25519 not allowed (EC, RSA)"),
                row("key: Ed448 only accepts Ed448", "{'id':'x','key_algorithms':['Ed448']}", request().key("Ed448"),
                        null),

                // signature: the hash of the CSR's own signature
                row("signature: baseline accepts any hash", BASELINE,
                        request().key("RSA-2048").signedWith("SHA1withRSA"), null),
                row("signature: SHA-256 accepts ecdsa-with-SHA256", "{'id':'x','signature_hash':'SHA-256'}",
                        request(), null),
                row("signature: SHA-256 refuses sha1WithRSAEncryption", "{'id':'x','signature_hash':'SHA-256'}",
                        request().key("RSA-2048").signedWith("SHA1withRSA"), "signature: SHA-1 not allowed (SHA-256)"),
                row("signature: SHA-384 refuses ecdsa-with-SHA256", "{'id':'x','signature_hash':'SHA-384'}",
                        request().key("EC-P-384"), "signature: SHA-256 not allowed (SHA-384)"),
                row("signature: SHA-512 accepts sha512WithRSAEncryption", "{'id':'x','signature_hash':'SHA-512'}",
                        request().key("RSA-2048").signedWith("SHA512withRSA"), null),
                row("signature: SHA-256 accepts RSASSA-PSS with SHA-256", "{'id':'x','signature_hash':'SHA-256'}",
                        request().key("RSA-2048").signedWith("SHA256withRSAandMGF1"), null),
                row("signature: SHA-256 refuses RSASSA-PSS with SHA-384", "{'id':'x','signature_hash':'SHA-256'}",
                        request().key("RSA-2048").signedWith("SHA384withRSAandMGF1"),
                        "signature: SHA-384 not allowed (SHA-256)"),
                row("signature: Ed25519 signatures are exempt", "{'id':'x','signature_hash':'SHA-384'}",
                        request().key("Ed25519"), null),

                // eku: what the CSR requests in its extensionRequest
                row("eku: baseline accepts a request for clientAuth", BASELINE,
                        request().eku(KeyPurposeId.id_kp_clientAuth), null),
                row("eku: baseline refuses a request for serverAuth", BASELINE,
                        request().eku(KeyPurposeId.id_kp_serverAuth), "eku: serverAuth not allowed (clientAuth)"),
                row("eku: serverAuth when allowed", "{'id':'x','allowed_ekus':['serverAuth','clientAuth']}",
                        request().eku(KeyPurposeId.id_kp_serverAuth), null),
                row("eku: anyExtendedKeyUsage named by its OID", "{'id':'x','allowed_ekus':['clientAuth','1.2.3.4']}",
                        request().eku(KeyPurposeId.anyExtendedKeyUsage), "eku: 2.5.29.37.0 not allowed (clientAuth, 1.2.3.4)"),

                // san: types, suffixes, patterns, ranges, domains, required types
                row("san: a sub-domain of a '.' suffix", "{'id':'x','san':{'dns_suffixes':['.iot.example.com']}}",
                        request().san(GeneralName.dNSName, "a.iot.example.com"), null),
                row("san: suffixes match whatever the case", "{'id':'x','san':{'dns_suffixes':['.iot.example.com']}}",
                        request().san(GeneralName.dNSName, "A.IoT.Example.COM"), null),
                row("san: a name outside the suffixes", "{'id':'x','san':{'dns_suffixes':['.iot.example.com']}}",
                        request().san(GeneralName.dNSName, "evil.example.org"),
                        "san: dNSName evil.example.org outside the allowed names"),
                row("san: a '.' suffix does not match the bare domain", "{'id':'x','san':{'dns_suffixes':['.example.com']}}",
                        request().san(GeneralName.dNSName, "example.com"),
                        "san: dNSName example.com outside the allowed names"),
                row("san: a suffix without '.' matches itself", "{'id':'x','san':{'dns_suffixes':['example.com']}}",
                        request().san(GeneralName.dNSName, "example.com"), null),
                row("san: a suffix without '.' matches nothing else", "{'id':'x','san':{'dns_suffixes':['example.com']}}",
                        request().san(GeneralName.dNSName, "www.example.com"),
                        "san: dNSName www.example.com outside the allowed names"),
                row("san: a pattern instead of a suffix",
                        "{'id':'x','san':{'dns_suffixes':['.iot.example.com'],'dns_patterns':['sensor-[0-9]+\\\\.example\\\\.com']}}",
                        request().san(GeneralName.dNSName, "sensor-17.example.com"), null),
                row("san: a pattern matches in full", "{'id':'x','san':{'dns_patterns':['sensor-[0-9]+\\\\.example\\\\.com']}}",
                        request().san(GeneralName.dNSName, "sensor-17.example.com.evil.org"),
                        "san: dNSName sensor-17.example.com.evil.org outside the allowed names"),
                row("san: an IPv4 address in range", "{'id':'x','san':{'ip_ranges':['10.0.0.0/8']}}",
                        request().san(GeneralName.iPAddress, "10.1.2.3"), null),
                row("san: an IPv6 address in range", "{'id':'x','san':{'ip_ranges':['10.0.0.0/8','2001:db8::/32']}}",
                        request().san(GeneralName.iPAddress, "2001:db8::7"), null),
                row("san: an IPv4 address out of range", "{'id':'x','san':{'ip_ranges':['10.0.0.0/8']}}",
                        request().san(GeneralName.iPAddress, "192.168.1.5"),
                        "san: iPAddress 192.168.1.5 outside the allowed ranges"),
                row("san: a mailbox at an allowed domain", "{'id':'x','san':{'email_domains':['example.com']}}",
                        request().san(GeneralName.rfc822Name, "a@Example.COM"), null),
                row("san: a mailbox elsewhere", "{'id':'x','san':{'email_domains':['example.com']}}",
                        request().san(GeneralName.rfc822Name, "a@b.org"), "san: rfc822Name a@b.org outside the allowed domains"),
                row("san: a type not allowed", "{'id':'x','san':{'allowed_types':['dns']}}",
                        request().san(GeneralName.uniformResourceIdentifier, "urn:uuid:1"),
                        "san: uniformResourceIdentifier not allowed"),
                row("san: baseline accepts dns, ip, email and uri", BASELINE,
                        request().san(GeneralName.dNSName, "a.example").san(GeneralName.iPAddress, "192.0.2.7")
                                .san(GeneralName.rfc822Name, "a@example.org")
                                .san(GeneralName.uniformResourceIdentifier, "urn:uuid:1"), null),
                row("san: baseline refuses otherName", BASELINE, request().san(otherName()), "san: otherName not allowed"),
                row("san: baseline refuses directoryName", BASELINE, request().san(GeneralName.directoryName, "CN=other"),
                        "san: directoryName not allowed"),
                row("san: a required type present", "{'id':'x','san':{'required_types':['dns']}}",
                        request().san(GeneralName.dNSName, "a.example"), null),
                row("san: a required type missing", "{'id':'x','san':{'required_types':['dns']}}",
                        request().san(GeneralName.iPAddress, "10.0.0.1"), "san: required dNSName missing"),
                row("san: a required type and no subjectAltName", "{'id':'x','san':{'required_types':['dns']}}",
                        request(), "san: required dNSName missing"),

                // subject: required, allowed, CN pattern, never empty without subjectAltName
                row("subject: a required CN present", "{'id':'x','subject':{'required':['CN']}}", request(), null),
                row("subject: a required CN missing", "{'id':'x','subject':{'required':['CN']}}",
                        request().subject("O=Acme"), "subject: CN missing"),
                row("subject: an attribute not allowed", "{'id':'x','subject':{'allowed':['CN','O']}}",
                        request().subject("CN=x,OU=Lab"), "subject: OU not allowed"),
                row("subject: an attribute unknown to profiles", "{'id':'x','subject':{'allowed':['CN']}}",
                        request().subject("CN=x,SURNAME=Smith"), "subject: 2.5.4.4 not allowed"),
                row("subject: baseline accepts any attribute", BASELINE, request().subject("CN=x,SURNAME=Smith,OU=Lab"),
                        null),
                row("subject: a CN that matches", "{'id':'x','subject':{'cn_pattern':'^[a-z0-9-]+$'}}",
                        request().subject("CN=sensor-1"), null),
                row("subject: a CN that does not match", "{'id':'x','subject':{'cn_pattern':'^[a-z0-9-]+$'}}",
                        request().subject("CN=Bad Name"), "subject: CN \"Bad Name\" does not match the required pattern"),
                row("subject: every CN must match", "{'id':'x','subject':{'cn_pattern':'^[a-z0-9-]+$'}}",
                        request().subject("CN=good,CN=Bad Name"),
                        "subject: CN \"Bad Name\" does not match the required pattern"),
                row("subject: empty with a subjectAltName", BASELINE,
                        request().subject("").san(GeneralName.dNSName, "only-san.example"), null),
                row("subject: empty without subjectAltName", BASELINE, request().subject(""),
                        "subject: empty subject and no subjectAltName"),

                // attribute: PKCS#10 attributes, deviceSerialNumber from the subject or an attribute
                row("attribute: challengePassword present", "{'id':'x','required_csr_attributes':['challengePassword']}",
                        request().attribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERUTF8String("s3cret")),
                        null),
                row("attribute: challengePassword missing", "{'id':'x','required_csr_attributes':['challengePassword']}",
                        request(), "attribute: challengePassword missing"),
                row("attribute: an OID missing", "{'id':'x','required_csr_attributes':['1.3.6.1.1.1.1.22']}", request(),
                        "attribute: 1.3.6.1.1.1.1.22 missing"),
                row("attribute: deviceSerialNumber in the subject",
                        "{'id':'x','required_csr_attributes':['deviceSerialNumber']}",
                        request().subject("CN=x,SERIALNUMBER=SN-0042"), null),
                row("attribute: deviceSerialNumber as an attribute",
                        "{'id':'x','required_csr_attributes':['deviceSerialNumber']}",
                        request().attribute(BCStyle.SERIALNUMBER, SERIAL), null),
                row("attribute: deviceSerialNumber in both, the same",
                        "{'id':'x','required_csr_attributes':['deviceSerialNumber']}",
                        request().subject("CN=x,SERIALNUMBER=SN-0042").attribute(BCStyle.SERIALNUMBER, SERIAL), null),
                row("attribute: deviceSerialNumber in both, differing",
                        "{'id':'x','required_csr_attributes':['deviceSerialNumber']}",
                        request().subject("CN=x,SERIALNUMBER=SN-0001").attribute(BCStyle.SERIALNUMBER, SERIAL),
                        "attribute: deviceSerialNumber differs from the subject's serialNumber"),
                row("attribute: deviceSerialNumber missing", "{'id':'x','required_csr_attributes':['deviceSerialNumber']}",
                        request(), "attribute: deviceSerialNumber missing"),
                row("attribute: an attribute serialNumber satisfies a required subject serialNumber",
                        "{'id':'x','required_csr_attributes':['deviceSerialNumber'],'subject':{'required':['serialNumber']}}",
                        request().attribute(BCStyle.SERIALNUMBER, SERIAL), null));
    }

    private static Arguments row(String rule, String policy, TestCsrs.Request csr, String refusal) {
        return Arguments.of(rule, policy, csr, refusal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(String rule, String policy, TestCsrs.Request request, String refusal) throws Exception {
        PKCS10CertificationRequest csr = request.build();
        CertificatePolicy rules = policy(policy);

        if (refusal == null) {
            assertEquals(request.publicKey(), CsrPolicy.review(csr, request.publicKey(), rules, YEAR).publicKey());
        } else {
            PolicyViolation refused = assertThrows(PolicyViolation.class,
                    () -> CsrPolicy.review(csr, request.publicKey(), rules, YEAR));
            assertEquals(refusal, refused.getMessage());
            assertEquals(refusal.substring(0, refusal.indexOf(':')), refused.dimension());
        }
    }

    @Test
    void namesTooLargeToIssueAndRecordAreRefusedBeforeSigning() throws Exception {
        // Bouncy Castle's string parser holds a CN to RFC 5280's 64 characters; a device's encoder need not.
        TestCsrs.Request longCn = request().subject(new X500Name(new RDN[] {
            new RDN(BCStyle.CN, new DERUTF8String("a".repeat(257)))}));
        TestCsrs.Request longSubject = request().subject("CN=a," + "OU=unit-of-sixteen,".repeat(70) + "O=x");
        TestCsrs.Request hundred = request();
        TestCsrs.Request hundredAndOne = request();
        for (int i = 0; i < 101; i++) {
            (i < 100 ? hundred : hundredAndOne).san(GeneralName.dNSName, "device-" + i + ".example");
            if (i < 100) {
                hundredAndOne.san(GeneralName.dNSName, "device-" + i + ".example");
            }
        }
        TestCsrs.Request bulky = request();
        for (int i = 0; i < 40; i++) {
            bulky.san(GeneralName.uniformResourceIdentifier, "https://example.com/" + "p".repeat(250) + i);
        }

        assertEquals("subject: CN longer than 256 characters", refusal(longCn));
        assertEquals("subject: subject longer than 1024 characters", refusal(longSubject));
        assertEquals("san: more than 100 names or 8192 bytes", refusal(hundredAndOne));
        assertEquals("san: more than 100 names or 8192 bytes", refusal(bulky));
        assertEquals(100, CsrPolicy.review(hundred.build(), hundred.publicKey(), CertificatePolicy.baseline(), YEAR)
                .subjectAltNames().getNames().length);
    }

    private static String refusal(TestCsrs.Request request) {
        return assertThrows(PolicyViolation.class, () -> CsrPolicy.review(request.build(), request.publicKey(),
                CertificatePolicy.baseline(), YEAR)).getMessage();
    }

    @Test
    void takesSubjectAndSubjectAltNamesFromTheRequest() throws Exception {
        TestCsrs.Request request = request().subject("CN=a.example").san(GeneralName.dNSName, "a.example")
                .san(GeneralName.iPAddress, "192.0.2.7");

        LeafTemplate template = CsrPolicy.review(request.build(), request.publicKey(), CertificatePolicy.baseline(), YEAR);

        assertEquals(new X500Name("CN=a.example"), template.subject());
        assertEquals(new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "a.example"),
            new GeneralName(GeneralName.iPAddress, "192.0.2.7")}), template.subjectAltNames());
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth), template.extendedKeyUsages());
        assertEquals(YEAR, template.validity());
        assertFalse(template.mustStaple());
    }

    @Test
    void noSubjectAltNamesWhenNoneAreRequested() throws Exception {
        TestCsrs.Request request = request();

        assertNull(CsrPolicy.review(request.build(), request.publicKey(), CertificatePolicy.baseline(), YEAR)
                .subjectAltNames());
    }

    @Test
    void issuesEveryAllowedUsageWhenTheCsrRequestsNone() throws Exception {
        TestCsrs.Request request = request();

        LeafTemplate template = CsrPolicy.review(request.build(), request.publicKey(),
                policy("{'id':'x','allowed_ekus':['serverAuth','clientAuth']}"), YEAR);

        assertEquals(List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth), template.extendedKeyUsages());
    }

    @Test
    void issuesOnlyTheRequestedUsagesWhenTheCsrRequestsSome() throws Exception {
        TestCsrs.Request request = request().eku(KeyPurposeId.id_kp_serverAuth);

        LeafTemplate template = CsrPolicy.review(request.build(), request.publicKey(),
                policy("{'id':'x','allowed_ekus':['clientAuth','serverAuth']}"), YEAR);

        assertEquals(List.of(KeyPurposeId.id_kp_serverAuth), template.extendedKeyUsages());
    }

    @Test
    void aDeviceSerialNumberAttributeBecomesTheLastRdnOfTheSubject() throws Exception {
        TestCsrs.Request request = request().subject("CN=sensor-1,O=Acme").attribute(BCStyle.SERIALNUMBER, SERIAL);

        LeafTemplate template = CsrPolicy.review(request.build(), request.publicKey(),
                policy("{'id':'x','required_csr_attributes':['deviceSerialNumber']}"), YEAR);

        RDN[] rdns = template.subject().getRDNs();
        assertEquals(new X500Name("CN=sensor-1,O=Acme,SERIALNUMBER=SN-0042"), template.subject());
        assertEquals(BCStyle.SERIALNUMBER, rdns[rdns.length - 1].getFirst().getType());
        assertInstanceOf(DERPrintableString.class, rdns[rdns.length - 1].getFirst().getValue(), "kept as sent");
    }

    @Test
    void aDeviceSerialNumberAlreadyInTheSubjectLeavesItAsItIs() throws Exception {
        TestCsrs.Request request = request().subject("CN=x,SERIALNUMBER=SN-0042").attribute(BCStyle.SERIALNUMBER, SERIAL);

        LeafTemplate template = CsrPolicy.review(request.build(), request.publicKey(),
                policy("{'id':'x','required_csr_attributes':['deviceSerialNumber']}"), YEAR);

        assertEquals(new X500Name("CN=x,SERIALNUMBER=SN-0042"), template.subject());
    }

    @Test
    void aSerialNumberAttributeIsNotCopiedWhenThePolicyDoesNotAskForIt() throws Exception {
        TestCsrs.Request request = request().subject("CN=x").attribute(BCStyle.SERIALNUMBER, SERIAL);

        assertEquals(new X500Name("CN=x"), CsrPolicy.review(request.build(), request.publicKey(),
                CertificatePolicy.baseline(), YEAR).subject());
    }

    @Test
    void maxTtlCapsTheValidityButNeverRaisesIt() throws Exception {
        TestCsrs.Request request = request();
        CertificatePolicy ninetyDays = policy("{'id':'x','max_ttl_seconds':7776000}");

        assertEquals(Duration.ofDays(90), CsrPolicy.review(request.build(), request.publicKey(), ninetyDays, YEAR)
                .validity());
        assertEquals(Duration.ofDays(30), CsrPolicy.review(request.build(), request.publicKey(), ninetyDays,
                Duration.ofDays(30)).validity());
    }

    @Test
    void mustStapleIsAskedOfTheTemplate() throws Exception {
        TestCsrs.Request request = request();

        assertTrue(CsrPolicy.review(request.build(), request.publicKey(), policy("{'id':'x','must_staple':true}"), YEAR)
                .mustStaple());
    }

    @Test
    void serverKeygenCertifiesAndChecksTheServersKeyNotTheCsrs() throws Exception {
        TestCsrs.Request request = request().key("RSA-1024");
        SubjectPublicKeyInfo generated = SubjectPublicKeyInfo.getInstance(keys("EC-P-256").getPublic().getEncoded());

        LeafTemplate template = CsrPolicy.review(request.build(), generated, CertificatePolicy.baseline(), YEAR);

        assertSame(generated, template.publicKey());
        PolicyViolation refused = assertThrows(PolicyViolation.class, () -> CsrPolicy.review(request().build(),
                request.publicKey(), CertificatePolicy.baseline(), YEAR));
        assertEquals("key: RSA 1024 below minimum 2048", refused.getMessage());
    }

    @Test
    void serverKeygenIgnoresTheCsrsSignatureHash() throws Exception {
        CertificatePolicy sha256Only = policy("{'id':'x','signature_hash':'SHA-256'}");
        TestCsrs.Request request = request().signedWith("SHA384withECDSA");
        SubjectPublicKeyInfo generated = SubjectPublicKeyInfo.getInstance(keys("EC-P-384").getPublic().getEncoded());

        assertSame(generated, CsrPolicy.review(request.build(), generated, sha256Only, YEAR).publicKey());
        PolicyViolation refused = assertThrows(PolicyViolation.class,
                () -> CsrPolicy.review(request.build(), request.publicKey(), sha256Only, YEAR));
        assertEquals("signature: SHA-384 not allowed (SHA-256)", refused.getMessage());
    }

    @Test
    void refusesRsaKeysOver16384Bits() throws Exception {
        SubjectPublicKeyInfo huge = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPublicKey(BigInteger.ONE.shiftLeft(16391).setBit(0), BigInteger.valueOf(65537)));

        PolicyViolation refused = assertThrows(PolicyViolation.class,
                () -> CsrPolicy.review(request().build(), huge, CertificatePolicy.baseline(), YEAR));

        assertEquals("key: RSA 16392 above maximum 16384", refused.getMessage());
    }

    @Test
    void aMalformedExtensionRequestIsABadRequest() {
        PKCS10CertificationRequest csr = request()
                .attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new DERUTF8String("not extensions")).build();

        BadRequestBody refused = assertThrows(BadRequestBody.class,
                () -> CsrPolicy.review(csr, csr.getSubjectPublicKeyInfo(), CertificatePolicy.baseline(), YEAR));

        assertEquals("CSR extensionRequest attribute is malformed", refused.getMessage());
    }

    @Test
    void aSerialNumberAttributeThatIsNoStringIsABadRequest() {
        PKCS10CertificationRequest csr = request().attribute(BCStyle.SERIALNUMBER, new ASN1Integer(42)).build();

        BadRequestBody refused = assertThrows(BadRequestBody.class, () -> CsrPolicy.review(csr,
                csr.getSubjectPublicKeyInfo(), policy("{'id':'x','required_csr_attributes':['deviceSerialNumber']}"), YEAR));

        assertEquals("CSR serialNumber attribute is malformed", refused.getMessage());
    }

    @Test
    void anIpAddressOfFiveOctetsIsABadRequest() {
        PKCS10CertificationRequest csr = request()
                .san(new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[] {10, 0, 0, 1, 9}))).build();

        BadRequestBody refused = assertThrows(BadRequestBody.class,
                () -> CsrPolicy.review(csr, csr.getSubjectPublicKeyInfo(), CertificatePolicy.baseline(), YEAR));

        assertEquals("CSR subjectAltName iPAddress is malformed", refused.getMessage());
    }

    @Test
    void aSubjectAttributeWhoseTypeIsNoOidIsABadRequest() {
        X500Name subject = X500Name.getInstance(new DERSequence(new DERSet(new DERSequence(new ASN1Encodable[] {
            new DEROctetString(new byte[] {1}), new DERUTF8String("device-1")}))));
        PKCS10CertificationRequest csr = request().subject(subject).build();

        BadRequestBody refused = assertThrows(BadRequestBody.class,
                () -> CsrPolicy.review(csr, csr.getSubjectPublicKeyInfo(), CertificatePolicy.baseline(), YEAR));

        assertEquals("CSR subject is malformed", refused.getMessage());
    }

    @Test
    void aCommonNameThatIsNoUtf8IsABadRequest() throws Exception {
        ASN1Encodable notUtf8 = ASN1Primitive.fromByteArray(new byte[] {0x0c, 2, (byte) 0xff, (byte) 0xfe});
        PKCS10CertificationRequest csr = request().subject(new X500Name(new RDN[] {new RDN(BCStyle.CN, notUtf8)})).build();

        BadRequestBody refused = assertThrows(BadRequestBody.class,
                () -> CsrPolicy.review(csr, csr.getSubjectPublicKeyInfo(), CertificatePolicy.baseline(), YEAR));

        assertEquals("CSR subject is malformed", refused.getMessage());
    }

    /** otherName (RFC 5280 §4.2.1.6): a type-id and an explicitly tagged value. */
    private static GeneralName otherName() {
        ASN1Encodable[] typeAndValue = {PKCSObjectIdentifiers.pkcs_9_at_emailAddress,
            new DERTaggedObject(true, 0, new DERUTF8String("x"))};
        return new GeneralName(GeneralName.otherName, new DERSequence(typeAndValue));
    }
}
