package org.estuary.profile.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.estuary.ca.entity.KeyDescription.Family;
import org.estuary.profile.entity.SanRules.IpRange;
import org.estuary.profile.entity.SanRules.SanType;
import org.estuary.profile.entity.SubjectRules.SubjectAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificatePolicyTest {

    /** The example of the admin API's documentation, every field given. */
    private static final String IOT = """
            {
              "id": "cp-iot",
              "name": "IoT sensors",
              "key_algorithms": ["EC"],
              "rsa_min_bits": 2048,
              "ec_curves": ["P-256"],
              "signature_hash": "SHA-256",
              "allowed_ekus": ["clientAuth"],
              "san": {
                "allowed_types": ["dns", "ip", "email", "uri"],
                "required_types": ["dns"],
                "dns_suffixes": [".iot.example.com"],
                "dns_patterns": ["^sensor-[0-9]+\\\\.example\\\\.com$"],
                "ip_ranges": ["10.0.0.0/8", "2001:db8::/32"],
                "email_domains": ["example.com"]
              },
              "subject": {
                "required": ["CN"],
                "allowed": ["CN", "O", "OU", "C", "serialNumber"],
                "cn_pattern": "^[a-z0-9-]+$"
              },
              "max_ttl_seconds": 7776000,
              "must_staple": false,
              "required_csr_attributes": ["deviceSerialNumber"]
            }
            """;

    @Test
    void theDocumentedExampleReadsIntoItsRules() {
        CertificatePolicy policy = CertificatePolicy.fromJson(json(IOT));

        assertEquals("cp-iot", policy.id());
        assertEquals("IoT sensors", policy.name());
        assertEquals(List.of(Family.EC), policy.keyAlgorithms());
        assertEquals(2048, policy.rsaMinBits());
        assertEquals(List.of("P-256"), policy.ecCurves());
        assertEquals("SHA-256", policy.signatureHash());
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth.toOID()), policy.allowedEkus());
        assertEquals(Set.of(SanType.values()), policy.san().allowedTypes());
        assertEquals(Set.of(SanType.DNS), policy.san().requiredTypes());
        assertEquals(List.of(".iot.example.com"), policy.san().dnsSuffixes());
        assertEquals(List.of("^sensor-[0-9]+\\.example\\.com$"), policy.san().dnsPatterns());
        assertEquals(List.of(new IpRange("10.0.0.0/8"), new IpRange("2001:db8::/32")), policy.san().ipRanges());
        assertEquals(List.of("example.com"), policy.san().emailDomains());
        assertEquals(Set.of(SubjectAttribute.CN), policy.subject().required());
        assertEquals(Set.of(SubjectAttribute.CN, SubjectAttribute.O, SubjectAttribute.OU, SubjectAttribute.C,
                SubjectAttribute.SERIAL_NUMBER), policy.subject().allowed());
        assertEquals("^[a-z0-9-]+$", policy.subject().cnPattern());
        assertEquals(Duration.ofDays(90), policy.maxTtl());
        assertFalse(policy.mustStaple());
        assertEquals(List.of(new ASN1ObjectIdentifier("2.5.4.5")), policy.requiredCsrAttributes());
        assertTrue(policy.restrictsKeys());
    }

    @Test
    void writtenJsonReadsBackToAnEqualPolicy() {
        CertificatePolicy policy = CertificatePolicy.fromJson(json(IOT));

        assertEquals(policy, CertificatePolicy.fromJson(policy.toJson()));
        assertEquals(policy.toJson(), CertificatePolicy.fromJson(policy.toJson()).toJson());
    }

    @Test
    void writtenJsonIsTheExampleLessWhatIsAtItsDefault() {
        JsonObject example = json(IOT);
        JsonObject expected = Json.createObjectBuilder(example).remove("rsa_min_bits").remove("allowed_ekus")
                .remove("must_staple")
                .add("san", Json.createObjectBuilder(example.getJsonObject("san")).remove("allowed_types"))
                .build();

        assertEquals(expected, CertificatePolicy.fromJson(example).toJson());
    }

    @Test
    void emptyListsOfAllowedNamesReadBack() {
        CertificatePolicy policy = CertificatePolicy.fromJson(json(
                "{'id':'no-names','san':{'allowed_types':[]},'subject':{'allowed':[]}}"));

        assertEquals(Set.of(), policy.san().allowedTypes());
        assertEquals(Set.of(), policy.subject().allowed());
        assertEquals(json("{'id':'no-names','san':{'allowed_types':[]},'subject':{'allowed':[]}}"), policy.toJson());
    }

    @Test
    void everyFieldOtherThanIdMayBeLeftOutForTheBaselineRules() {
        CertificatePolicy policy = CertificatePolicy.fromJson(json("{'id':'baseline'}"));

        assertEquals(CertificatePolicy.baseline(), policy);
        assertEquals(json("{'id':'baseline'}"), CertificatePolicy.baseline().toJson());
        assertFalse(policy.restrictsKeys());
        assertEquals(List.of(Family.RSA, Family.EC, Family.ED25519, Family.ED448), policy.keyAlgorithms());
        assertEquals(List.of("P-256", "P-384", "P-521"), policy.ecCurves());
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth.toOID()), policy.allowedEkus());
        assertEquals(SanRules.ANY, policy.san());
        assertEquals(SubjectRules.ANY, policy.subject());
    }

    @Test
    void aJsonNullCountsAsAbsent() {
        assertEquals(CertificatePolicy.baseline(), CertificatePolicy.fromJson(json(
                "{'id':'baseline','name':null,'key_algorithms':null,'san':null,'max_ttl_seconds':null}")));
    }

    @Test
    void namedOidsAreWrittenByTheirNames() {
        CertificatePolicy policy = CertificatePolicy.fromJson(json(
                "{'id':'x','allowed_ekus':['1.3.6.1.5.5.7.3.1','1.2.3.4'],"
                        + "'required_csr_attributes':['1.2.840.113549.1.9.7','2.5.4.5','1.3.6.1.1.1.1.22'],"
                        + "'subject':{'allowed':['emailAddress','CN','serialNumber']}}"));

        JsonObject written = policy.toJson();

        assertEquals(array("['serverAuth','1.2.3.4']"), written.getJsonArray("allowed_ekus"));
        assertEquals(array("['challengePassword','deviceSerialNumber','1.3.6.1.1.1.1.22']"),
                written.getJsonArray("required_csr_attributes"));
        assertEquals(array("['CN','serialNumber','E']"), written.getJsonObject("subject").getJsonArray("allowed"));
    }

    @Test
    void explicitDefaultsReadAsTheirAbsence() {
        assertEquals(CertificatePolicy.baseline(), CertificatePolicy.fromJson(json("{'id':'baseline',"
                + "'key_algorithms':['RSA','EC','Ed25519','Ed448'],'rsa_min_bits':2048,'ec_curves':['P-256','P-384','P-521'],"
                + "'allowed_ekus':['clientAuth'],'san':{'allowed_types':['uri','email','ip','dns'],'required_types':[]},"
                + "'subject':{'required':[]},'must_staple':false,'required_csr_attributes':[]}")));
    }

    @Test
    void aProfileWithAllKeyFamiliesButFewerCurvesRestrictsKeys() {
        assertTrue(CertificatePolicy.fromJson(json("{'id':'x','ec_curves':['P-384']}")).restrictsKeys());
        assertTrue(CertificatePolicy.fromJson(json("{'id':'x','key_algorithms':['RSA','EC']}")).restrictsKeys());
        assertFalse(CertificatePolicy.fromJson(json("{'id':'x','rsa_min_bits':3072}")).restrictsKeys());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("{}", "id: required"),
                Arguments.of("{'id':'Bad_Id'}", "id: must match [a-z0-9][a-z0-9-]*"),
                Arguments.of("{'id':7}", "id: must be a string"),
                Arguments.of("{'id':'x','colour':'red'}", "colour: unknown field"),
                Arguments.of("{'id':'x','name':' '}", "name: must not be blank"),
                Arguments.of("{'id':'x','key_algorithms':['DSA']}", "key_algorithms: unknown 'DSA' (RSA, EC, Ed25519, Ed448)"),
                Arguments.of("{'id':'x','key_algorithms':[]}", "key_algorithms: must not be empty"),
                Arguments.of("{'id':'x','key_algorithms':['EC','EC']}", "key_algorithms: 'EC' listed twice"),
                Arguments.of("{'id':'x','key_algorithms':'EC'}", "key_algorithms: must be an array of strings"),
                Arguments.of("{'id':'x','key_algorithms':[1]}", "key_algorithms: must be an array of strings"),
                Arguments.of("{'id':'x','rsa_min_bits':1024}", "rsa_min_bits: must be at least 2048"),
                Arguments.of("{'id':'x','rsa_min_bits':-5000000000}", "rsa_min_bits: must be at least 2048"),
                Arguments.of("{'id':'x','rsa_min_bits':32768}", "rsa_min_bits: must be at most 16384"),
                Arguments.of("{'id':'x','rsa_min_bits':2048.5}", "rsa_min_bits: must be an integer"),
                Arguments.of("{'id':'x','key_algorithms':['EC'],'rsa_min_bits':3072}", "rsa_min_bits: RSA is not in key_algorithms"),
                Arguments.of("{'id':'x','ec_curves':['P-192']}", "ec_curves: unknown 'P-192' (P-256, P-384, P-521)"),
                Arguments.of("{'id':'x','key_algorithms':['RSA'],'ec_curves':['P-256']}", "ec_curves: EC is not in key_algorithms"),
                Arguments.of("{'id':'x','signature_hash':'SHA-1'}", "signature_hash: must be one of SHA-256, SHA-384, SHA-512"),
                Arguments.of("{'id':'x','allowed_ekus':['anyPurpose']}", "allowed_ekus: 'anyPurpose' is neither a dotted OID"
                        + " nor one of serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning"),
                Arguments.of("{'id':'x','allowed_ekus':[]}", "allowed_ekus: must not be empty"),
                Arguments.of("{'id':'x','allowed_ekus':['clientAuth','1.3.6.1.5.5.7.3.2']}",
                        "allowed_ekus: '1.3.6.1.5.5.7.3.2' listed twice"),
                Arguments.of("{'id':'x','san':'dns'}", "san: must be an object"),
                Arguments.of("{'id':'x','san':{'types':['dns']}}", "san.types: unknown field"),
                Arguments.of("{'id':'x','san':{'allowed_types':['x400']}}", "san.allowed_types: unknown 'x400' (dns, ip, email, uri)"),
                Arguments.of("{'id':'x','san':{'allowed_types':['dns'],'required_types':['ip']}}",
                        "san.required_types: ip is not in san.allowed_types"),
                Arguments.of("{'id':'x','san':{'dns_suffixes':['']}}", "san.dns_suffixes: '' is not a domain suffix"),
                Arguments.of("{'id':'x','san':{'dns_suffixes':[]}}", "san.dns_suffixes: must not be empty"),
                Arguments.of("{'id':'x','san':{'dns_patterns':['(unclosed']}}",
                        "san.dns_patterns: '(unclosed' is not a regular expression: Unclosed group"),
                Arguments.of("{'id':'x','san':{'ip_ranges':['10.0.0.0']}}",
                        "san.ip_ranges: '10.0.0.0' is not a CIDR range such as 10.0.0.0/8 or 2001:db8::/32"),
                Arguments.of("{'id':'x','san':{'ip_ranges':['intranet.example/8']}}",
                        "san.ip_ranges: 'intranet.example/8' is not a CIDR range such as 10.0.0.0/8 or 2001:db8::/32"),
                Arguments.of("{'id':'x','san':{'ip_ranges':['10.0.0.1/8']}}", "san.ip_ranges: '10.0.0.1/8' has host bits set"),
                Arguments.of("{'id':'x','san':{'ip_ranges':['10.0.0.0/33']}}",
                        "san.ip_ranges: '10.0.0.0/33' has a prefix longer than 32 bits"),
                Arguments.of("{'id':'x','san':{'ip_ranges':['2001:db8::/129']}}",
                        "san.ip_ranges: '2001:db8::/129' has a prefix longer than 128 bits"),
                Arguments.of("{'id':'x','san':{'ip_ranges':[]}}", "san.ip_ranges: must not be empty"),
                Arguments.of("{'id':'x','san':{'email_domains':['@example.com']}}",
                        "san.email_domains: '@example.com' is not a domain"),
                Arguments.of("{'id':'x','san':{'allowed_types':['ip'],'dns_suffixes':['.example.com']}}",
                        "san.dns_suffixes: dns is not in san.allowed_types"),
                Arguments.of("{'id':'x','san':{'allowed_types':['dns'],'ip_ranges':['10.0.0.0/8']}}",
                        "san.ip_ranges: ip is not in san.allowed_types"),
                Arguments.of("{'id':'x','subject':{'required':['CN'],'allowed':['O']}}",
                        "subject.required: CN is not in subject.allowed"),
                Arguments.of("{'id':'x','subject':{'allowed':['Surname']}}", "subject.allowed: unknown 'Surname'"
                        + " (CN, O, OU, C, L, ST, serialNumber, E, DC, UID, emailAddress)"),
                Arguments.of("{'id':'x','subject':{'allowed':['E','emailAddress']}}", "subject.allowed: 'emailAddress' listed twice"),
                Arguments.of("{'id':'x','subject':{'cn_pattern':'['}}",
                        "subject.cn_pattern: '[' is not a regular expression: Unclosed character class"),
                Arguments.of("{'id':'x','subject':{'allowed':['O'],'cn_pattern':'.*'}}", "subject.cn_pattern: CN is not in subject.allowed"),
                Arguments.of("{'id':'x','subject':{'dn':'CN=x'}}", "subject.dn: unknown field"),
                Arguments.of("{'id':'x','max_ttl_seconds':0}", "max_ttl_seconds: must be positive"),
                Arguments.of("{'id':'x','max_ttl_seconds':'90d'}", "max_ttl_seconds: must be an integer"),
                Arguments.of("{'id':'x','must_staple':'yes'}", "must_staple: must be true or false"),
                Arguments.of("{'id':'x','required_csr_attributes':['serial']}", "required_csr_attributes: 'serial' is neither"
                        + " a dotted OID nor one of deviceSerialNumber, challengePassword"),
                Arguments.of("{'id':'x','required_csr_attributes':['deviceSerialNumber'],'subject':{'allowed':['CN']}}",
                        "required_csr_attributes: deviceSerialNumber needs serialNumber in subject.allowed"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusals")
    void refusesABadFieldNamingIt(String policy, String message) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CertificatePolicy.fromJson(json(policy)));

        assertEquals(message, refused.getMessage());
    }

    @Test
    void ipRangesHoldTheirAddressesOnly() throws Exception {
        IpRange ten = new IpRange("10.0.0.0/8");
        IpRange documentation = new IpRange("2001:db8::/32");

        assertTrue(ten.contains(new byte[] {10, (byte) 200, 0, 1}));
        assertFalse(ten.contains(new byte[] {11, 0, 0, 1}));
        assertTrue(documentation.contains(java.net.InetAddress.getByName("2001:db8:ffff::1").getAddress()));
        assertFalse(documentation.contains(java.net.InetAddress.getByName("2001:db9::1").getAddress()));
        assertFalse(documentation.contains(new byte[] {10, 0, 0, 1}));
        assertTrue(new IpRange("0.0.0.0/0").contains(new byte[] {(byte) 192, (byte) 168, 1, 5}));
    }

    /** JSON with ' for " so that rows stay readable. */
    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private static JsonArray array(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readArray();
    }
}
