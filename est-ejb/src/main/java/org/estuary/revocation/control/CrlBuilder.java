package org.estuary.revocation.control;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.estuary.ca.control.LeafCertificateBuilder;
import org.estuary.revocation.entity.RevokedCertificate;

/**
 * Builds and signs an X.509 v2 CRL (RFC 5280 §5) in the CA's own name: issuer = the CA certificate's
 * subject byte for byte, thisUpdate and nextUpdate, the CRL number (§5.2.3) and the authority key
 * identifier (§5.2.1) both of which a conforming CA MUST include, and one entry per revoked
 * certificate with its revocation date and reason code.
 */
public final class CrlBuilder {

    private CrlBuilder() {
    }

    /** The DER of the CRL; {@code nextUpdate} must come after {@code thisUpdate}. */
    public static byte[] build(X509Certificate caCertificate, ContentSigner signer, BigInteger crlNumber, Instant thisUpdate,
            Instant nextUpdate, List<RevokedCertificate> revoked) {
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("nextUpdate must come after thisUpdate");
        }
        // RFC 5280 §5.2.3: "CRLNumber ::= INTEGER (0..MAX)", at most 20 octets.
        if (crlNumber.signum() < 0 || crlNumber.bitLength() > 159) {
            throw new IllegalArgumentException("CRL number out of range: " + crlNumber);
        }
        X509CertificateHolder ca = LeafCertificateBuilder.holderOf(caCertificate);
        X509v2CRLBuilder builder = new X509v2CRLBuilder(ca.getSubject(), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            builder.addExtension(Extension.authorityKeyIdentifier, false, LeafCertificateBuilder.authorityKeyIdentifier(ca));
            for (RevokedCertificate entry : revoked) {
                builder.addCRLEntry(entry.serialNumber(), Date.from(entry.revokedAt()), entryExtensions(entry));
            }
            return builder.build(signer).getEncoded();
        } catch (IOException unexpected) {
            throw new IllegalStateException("cannot encode the CRL", unexpected);
        }
    }

    /**
     * RFC 5280 §5.3.1: "the reason code CRL entry extension SHOULD be absent instead of using the
     * unspecified (0) reasonCode value"; an entry without extensions carries none (§5.1.2.6).
     */
    private static Extensions entryExtensions(RevokedCertificate entry) throws IOException {
        if (!entry.reason().isStated()) {
            return null;
        }
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.reasonCode, false, CRLReason.lookup(entry.reason().code()));
        return extensions.generate();
    }
}
