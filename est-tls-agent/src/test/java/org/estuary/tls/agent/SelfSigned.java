package org.estuary.tls.agent;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** A self-signed certificate from no CA anyone trusts (CN=stranger, EC P-256), PEM made with openssl. */
final class SelfSigned {

    static final X509Certificate CERTIFICATE = parse("""
            -----BEGIN CERTIFICATE-----
            MIIBfjCCASOgAwIBAgIUQmAwLQWMuF/7eBSIwwQ9Tqal4Y0wCgYIKoZIzj0EAwIw
            EzERMA8GA1UEAwwIc3RyYW5nZXIwIBcNMjYxMTI2MTk0OTE1WhgPMjEyNjExMDIx
            OTQ5MTVaMBMxETAPBgNVBAMMCHN0cmFuZ2VyMFkwEwYHKoZIzj0CAQYIKoZIzj0D
            AQcDQgAE+j00vxdlZLyeAkcIT07YRRmdXIhnbq99gEKZ/PxZl0pEwVZbuXacGLoJ
            iwk0PMKMuGnkmc9psTlst3CHGaLhKKNTMFEwHQYDVR0OBBYEFOdOf2syqh6Z01wu
            YvAPxa4mawMLMB8GA1UdIwQYMBaAFOdOf2syqh6Z01wuYvAPxa4mawMLMA8GA1Ud
            EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAKR+7TokR0dyOOQLvpKMnd4i
            Ifumk5AMYOoj5D5lpRfYAiEAtGwmM1d0CnuMH4jS4b1oH2rVwdQnjg+xJoWD1vhL
            7nw=
            -----END CERTIFICATE-----
            """);

    private SelfSigned() {
    }

    private static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
