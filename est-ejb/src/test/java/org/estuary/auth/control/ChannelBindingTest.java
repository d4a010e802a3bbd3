package org.estuary.auth.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estuary.audit.entity.AuditAction;
import org.estuary.enrollment.entity.ChannelBindingMismatch;
import org.estuary.enrollment.entity.ChannelBindingMissing;
import org.estuary.enrollment.entity.ChannelBindingNeedsTls13;
import org.estuary.enrollment.entity.ChannelBindingRefused;
import org.estuary.enrollment.entity.TlsSession;
import org.junit.jupiter.api.Test;

class ChannelBindingTest {

    private static final KeyPair KEYS = ecKeys();
    private static final byte[] EXPORTER = random(32);
    private static final Optional<TlsSession> TLS13 = Optional.of(new TlsSession("TLSv1.3", EXPORTER));

    @Test
    void theBindingInAnEstIdentityLinkingAttributeAdmitsTheCsr() {
        PKCS10CertificationRequest csr = csr(Map.of(ChannelBinding.EST_IDENTITY_LINKING, new DERUTF8String(base64(EXPORTER))));

        assertDoesNotThrow(() -> ChannelBinding.verify(csr, TLS13));
    }

    @Test
    void theBindingInAChallengePasswordAttributeAdmitsTheCsrAsRfc7030Section35Does() {
        PKCS10CertificationRequest csr = csr(Map.of(ChannelBinding.CHALLENGE_PASSWORD, new DERPrintableString(base64(EXPORTER))));

        assertDoesNotThrow(() -> ChannelBinding.verify(csr, TLS13));
    }

    @Test
    void estIdentityLinkingWinsOverAChallengePasswordThatMeansSomethingElse() {
        PKCS10CertificationRequest csr = csr(Map.of(ChannelBinding.EST_IDENTITY_LINKING, new DERUTF8String(base64(EXPORTER)),
                ChannelBinding.CHALLENGE_PASSWORD, new DERPrintableString("one-time-password")));

        assertDoesNotThrow(() -> ChannelBinding.verify(csr, TLS13));
    }

    @Test
    void csrattrsOfABindingProfileAskForChallengePasswordAndEstIdentityLinkingOnce() {
        CsrAttrs asked = ChannelBinding.askedFor(new CsrAttrs(new AttrOrOID[] {new AttrOrOID(ChannelBinding.CHALLENGE_PASSWORD)}));

        assertEquals(List.of(ChannelBinding.CHALLENGE_PASSWORD, ChannelBinding.EST_IDENTITY_LINKING),
                Arrays.stream(asked.getAttrOrOIDs()).map(AttrOrOID::getOid).toList());
    }

    @Test
    void aCsrWithoutBindingIsMissingAndSaysThatLinkingIsRequired() {
        PKCS10CertificationRequest csr = csr(Map.of());

        ChannelBindingMissing missing = assertThrows(ChannelBindingMissing.class, () -> ChannelBinding.verify(csr, TLS13));

        assertTrue(missing.getMessage().startsWith("linking of identity and POP information is required"), missing.getMessage());
    }

    @Test
    void aBindingThatIsNotBase64TextIsMissingNotMismatched() {
        assertEquals("the CSR's challengePassword attribute is not the base64 text of a channel binding",
                assertThrows(ChannelBindingMissing.class, () -> ChannelBinding.verify(
                        csr(Map.of(ChannelBinding.CHALLENGE_PASSWORD, new DERUTF8String("secret password!"))), TLS13)).getMessage());
        assertEquals("the CSR's estIdentityLinking attribute is not a DirectoryString",
                assertThrows(ChannelBindingMissing.class, () -> ChannelBinding.verify(
                        csr(Map.of(ChannelBinding.EST_IDENTITY_LINKING, new DERIA5String(base64(EXPORTER)))), TLS13)).getMessage());
    }

    @Test
    void anotherConnectionsBindingIsAMismatch() {
        PKCS10CertificationRequest csr = csr(Map.of(ChannelBinding.EST_IDENTITY_LINKING, new DERUTF8String(base64(random(32)))));

        assertThrows(ChannelBindingMismatch.class, () -> ChannelBinding.verify(csr, TLS13));
    }

    @Test
    void aTlsUniqueValueIsAMismatchEvenWhenItIsAPrefixOfTheExporter() {
        byte[] tlsUnique = java.util.Arrays.copyOf(EXPORTER, 12);
        PKCS10CertificationRequest csr = csr(Map.of(ChannelBinding.CHALLENGE_PASSWORD, new DERPrintableString(base64(tlsUnique))));

        assertThrows(ChannelBindingMismatch.class, () -> ChannelBinding.verify(csr, TLS13));
    }

    @Test
    void tls12NeedsAnUpgradeWhateverTheCsrCarries() {
        PKCS10CertificationRequest bound = csr(Map.of(ChannelBinding.EST_IDENTITY_LINKING, new DERUTF8String(base64(EXPORTER))));

        ChannelBindingNeedsTls13 tls12 = assertThrows(ChannelBindingNeedsTls13.class,
                () -> ChannelBinding.verify(bound, Optional.of(TlsSession.withoutExporter("TLSv1.2"))));
        assertThrows(ChannelBindingNeedsTls13.class,
                () -> ChannelBinding.verify(bound, Optional.of(new TlsSession("TLSv1.2", EXPORTER))));
        assertThrows(ChannelBindingNeedsTls13.class, () -> ChannelBinding.verify(csr(Map.of()), Optional.empty()));
        assertThrows(ChannelBindingNeedsTls13.class,
                () -> ChannelBinding.verify(bound, Optional.of(TlsSession.withoutExporter("TLSv1.3"))));

        assertTrue(tls12.getMessage().endsWith("this connection uses TLSv1.2"), tls12.getMessage());
    }

    @Test
    void everyChannelBindingRefusalIsAuditedAsAChannelBindingFailure() {
        for (ChannelBindingRefused refused : new ChannelBindingRefused[] {new ChannelBindingNeedsTls13("TLSv1.2"),
                new ChannelBindingMissing("none"), new ChannelBindingMismatch()}) {
            assertEquals(AuditAction.AUTH_FAILED_CHANNEL_BINDING, refused.auditAction(AuditAction.SIMPLE_ENROLL_FAILED));
            assertEquals(AuditAction.AUTH_FAILED_CHANNEL_BINDING, refused.auditAction(AuditAction.SIMPLE_REENROLL_FAILED));
        }
    }

    @Test
    void aTlsSessionHoldsA32ByteExporterOrNone() {
        byte[] exporter = random(32);
        TlsSession session = new TlsSession("TLSv1.3", exporter);
        exporter[0] ^= 1;

        assertFalse(java.util.Arrays.equals(exporter, session.tlsExporter()), "copied in");
        session.tlsExporter()[1] ^= 1;
        assertEquals(session, new TlsSession("TLSv1.3", session.tlsExporter()), "copied out");
        assertEquals(Optional.empty(), TlsSession.withoutExporter("TLSv1.2").exporter());
        assertThrows(IllegalArgumentException.class, () -> new TlsSession("TLSv1.3", random(12)));
    }

    private static PKCS10CertificationRequest csr(Map<ASN1ObjectIdentifier, ASN1Encodable> attributes) {
        try {
            JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name("CN=bound-device"), KEYS.getPublic());
            attributes.forEach(builder::addAttribute);
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEYS.getPrivate()));
        } catch (Exception unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }
}
