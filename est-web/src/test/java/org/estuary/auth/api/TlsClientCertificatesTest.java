package org.estuary.auth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsClientCertificatesTest {

    /** RFC 7030 A.3's issued certificate: any certificate will do, trust is not judged here. */
    private static final X509Certificate CERTIFICATE = parse("MIIDBzCCAe+gAwIBAgIBFTANBgkqhkiG9w0BAQUFADAbMRkwFwYDVQQDExBlc3RF"
            + "eGFtcGxlQ0EgTndOMB4XDTEzMDUwOTIzMTU1M1oXDTE0MDUwOTIzMTU1M1owHzEdMBsGA1UEAxMUZGVtb3N0ZXA0IDEzNjgxNDEz"
            + "NTIwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQClNp+kdz+Nj8XpEp9kaumWxDZ3eFYJpQKz9ddD5e5OzUeCm103ZIXQ"
            + "Ixc0eVtMCatnRr3dnZRCAxGjwbqoB3eKt29/XSQffVv+odbyw0WdkQOIbntCQry8YdcBZ+8LjI/N7M2krmjmoSLmLwU2V4aNKf0Y"
            + "MLR5Krmah3Ik31jmYCSvwTnv6mx6pr2pTJ82JavhTEIIt/fAYq1RYhkM1CXoBL+yhEoDanN7TzC94skfS3VV+f53J9SkUxTYcy1R"
            + "w0k3VXfxWwy+cSKEPREl7I6k0YeKtDEVAgBIEYM/L1S69RXTLujirwnqSRjOquzkAkD31BE961KZCxeYGrhxaR4PAgMBAAGjUjBQ"
            + "MA4GA1UdDwEB/wQEAwIEsDAdBgNVHQ4EFgQU/qDdB6ii6icQ8wGMXvy1jfE4xtUwHwYDVR0jBBgwFoAUscRp5lujBKfYl6OLO7+5"
            + "arIyQjwwDQYJKoZIhvcNAQEFBQADggEBACmxg1hvL6+7a+lFTARoxainBx5gxdZ9omSb0L+qL+4PDvg/+KHzKsDnMCrcU6M4YP5n"
            + "0EDKmGa64lY8fbET4tt7juJg6ixb95/760Th0vuctwkGr6+D6ETTfqyHnrbhX3lAhnB+0Ja7o1gv4CWxh1I8aRaTXdpOHORvN0SM"
            + "XdcrlCys2vrtOl+LjR2a3kajJO6eQ5leOdzFQlZfOPhaLWen0e2BLNJI0vsC2Fa+2LMCnfC38XfGALa5A8e7fNHXWZBjXZLBCza3"
            + "rEs9Mlh2CjA/ocSC/WxmMvd+Eqnt/FpggRy+F8IZSRvBaRUCtGE1lgDmu6AFUxceR4POrT2xz8A=");

    @Test
    void theContainerChainArrivesInOrder() {
        X509Certificate[] chain = {CERTIFICATE, CERTIFICATE};

        assertEquals(List.of(CERTIFICATE, CERTIFICATE), TlsClientCertificates.fromAttribute(chain));
    }

    @Test
    void noCertificateMeansAnEmptyChain() {
        assertTrue(TlsClientCertificates.fromAttribute(null).isEmpty());
        assertTrue(TlsClientCertificates.fromAttribute(new X509Certificate[0]).isEmpty());
    }

    @Test
    void somethingOtherThanACertificateArrayIsIgnored() {
        assertTrue(TlsClientCertificates.fromAttribute("CN=forged").isEmpty());
        assertTrue(TlsClientCertificates.fromAttribute(new X509Certificate[] {CERTIFICATE, null}).isEmpty());
    }

    @Test
    void theChainCannotBeChangedAfterwards() {
        X509Certificate[] chain = {CERTIFICATE};
        List<X509Certificate> read = TlsClientCertificates.fromAttribute(chain);
        chain[0] = null;

        assertEquals(CERTIFICATE, read.get(0));
    }

    private static X509Certificate parse(String base64) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII))));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
