package org.estuary.profile.control;

import static org.estuary.profile.control.TestCsrs.policy;
import static org.estuary.profile.control.TestCsrs.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.estuary.ca.control.LeafTemplate;
import org.estuary.profile.entity.CertificatePolicy;
import org.estuary.wire.CsrAttributes;
import org.estuary.wire.CsrAttrsText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyCsrAttributesTest {

    /** Signature algorithms a client may be asked for, as the JCA names them. */
    private static final Map<ASN1ObjectIdentifier, String> SIGNATURES = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA",
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA");

    /** Key algorithm OIDs a client may be offered, as TestCsrs names the keys. */
    private static final Map<ASN1ObjectIdentifier, String> KEYS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA-2048",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448");

    /** Each row: a policy, and what /csrattrs asks for under it, written as est.csrattrs is configured. */
    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of("iot: EC P-256 only, SHA-256, deviceSerialNumber",
                        "{'id':'cp-iot','key_algorithms':['EC'],'ec_curves':['P-256'],'signature_hash':'SHA-256',"
                                + "'required_csr_attributes':['deviceSerialNumber'],"
                                + "'subject':{'required':['CN','serialNumber'],'allowed':['CN','serialNumber']}}",
                        "serialNumber; ecPublicKey=P-256; ecdsa-with-SHA256"),
                Arguments.of("corp: RSA of at least 2048 bits only", "{'id':'cp-corp','key_algorithms':['RSA']}",
                        "rsaEncryption"),
                Arguments.of("wifi: EC or RSA, clientAuth",
                        "{'id':'cp-wifi','key_algorithms':['EC','RSA'],'allowed_ekus':['clientAuth']}",
                        "ecPublicKey=P-256|P-384|P-521; rsaEncryption"),
                Arguments.of("lab: any family but only P-384 curves", "{'id':'cp-lab','ec_curves':['P-384']}",
                        "rsaEncryption; ecPublicKey=P-384; 1.3.101.112; 1.3.101.113"),
                Arguments.of("door: challengePassword and macAddress, RSA or EC, SHA-384",
                        "{'id':'cp-door','key_algorithms':['RSA','EC'],'signature_hash':'SHA-384',"
                                + "'required_csr_attributes':['challengePassword','1.3.6.1.1.1.1.22']}",
                        "challengePassword; macAddress; rsaEncryption; ecPublicKey=P-256|P-384|P-521;"
                                + " 1.2.840.113549.1.1.12; ecdsa-with-SHA384"),
                Arguments.of("edge: Ed25519 only, SHA-512 has nothing to ask of it",
                        "{'id':'cp-edge','key_algorithms':['Ed25519'],'signature_hash':'SHA-512'}", "1.3.101.112"),
                Arguments.of("hash only: every family signs with SHA-512",
                        "{'id':'cp-hash','signature_hash':'SHA-512'}", "1.2.840.113549.1.1.13; ecdsa-with-SHA512"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void asksForWhatThePolicyRequires(String profile, String policy, String expected) {
        CsrAttrs attributes = PolicyCsrAttributes.of(policy(policy));

        assertArrayEquals(CsrAttributes.encode(CsrAttrsText.of(expected)),
                CsrAttributes.encode(attributes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aClientThatFollowsTheAttributesPassesThePolicy(String profile, String policy, String expected)
            throws Exception {
        CertificatePolicy rules = policy(policy);
        CsrAttrs onTheWire = CsrAttributes.decode(CsrAttributes.encode(PolicyCsrAttributes.of(rules)));
        TestCsrs.Request request = followedBy(onTheWire);

        LeafTemplate template = CsrPolicy.review(request.build(), request.publicKey(), rules, Duration.ofDays(30));

        assertEquals(request.publicKey(), template.publicKey());
    }

    @Test
    void theBaselineAsksNothing() {
        assertTrue(CsrAttributes.isEmpty(PolicyCsrAttributes.of(CertificatePolicy.baseline())));
    }

    @Test
    void limitsOnlyOnNamesOrLifetimeAskNothing() {
        assertTrue(CsrAttributes.isEmpty(PolicyCsrAttributes.of(policy("{'id':'x','rsa_min_bits':3072,"
                + "'san':{'dns_suffixes':['.example.com']},'max_ttl_seconds':86400,'must_staple':true}"))));
    }

    /**
     * A CSR as a client builds it from {@code attributes}: the first key offered (for EC the first
     * curve of the attribute, RSA at 2048 bits; EC P-256 when none is), the first signature algorithm
     * offered for that key, a serialNumber in the subject for 2.5.4.5, and every other attribute asked for.
     */
    private static TestCsrs.Request followedBy(CsrAttrs attributes) {
        TestCsrs.Request request = request();
        String key = null;
        String subject = "CN=device-1";
        for (AttrOrOID entry : attributes.getAttrOrOIDs()) {
            String offered = offeredKey(entry);
            if (offered != null) {
                key = key == null ? offered : key;
            } else if (entry.isOid() && entry.getOid().equals(BCStyle.SERIALNUMBER)) {
                subject = "CN=device-1,SERIALNUMBER=SN-0042";
            } else if (entry.isOid() && !SIGNATURES.containsKey(entry.getOid())) {
                request.attribute(entry.getOid(), new DERUTF8String("asked-for"));
            }
        }
        request.subject(subject).key(key == null ? "EC-P-256" : key);
        String signs = key == null || key.startsWith("EC") ? "withECDSA" : key.startsWith("RSA") ? "withRSA" : null;
        Arrays.stream(attributes.getAttrOrOIDs()).filter(AttrOrOID::isOid).map(entry -> SIGNATURES.get(entry.getOid()))
                .filter(signature -> signature != null && signs != null && signature.endsWith(signs)).findFirst()
                .ifPresent(request::signedWith);
        return request;
    }

    /** The key an entry offers: the first curve of an id-ecPublicKey attribute, rsaEncryption, Ed25519 or Ed448. */
    private static String offeredKey(AttrOrOID entry) {
        if (entry.isOid()) {
            return KEYS.get(entry.getOid());
        }
        Attribute attribute = entry.getAttribute();
        return attribute.getAttrType().equals(X9ObjectIdentifiers.id_ecPublicKey)
                ? "EC-" + NISTNamedCurves.getName((ASN1ObjectIdentifier) attribute.getAttrValues().getObjectAt(0))
                : null;
    }
}
