package org.estuary.auth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class RequestOriginTest {

    private static final String PROXY = "10.0.0.2";

    @Test
    void withoutTrustedProxiesHeadersAreIgnored() throws Exception {
        RequestOrigin origin = origin(null);
        X509Certificate tls = certificate("CN=tls-client");
        HttpServletRequest request = request(PROXY, tls, Map.of("X-Forwarded-For", "203.0.113.5",
                "X-SSL-Client-Cert", pem(certificate("CN=forged"))));

        assertEquals(PROXY, origin.sourceAddress(request));
        assertEquals(List.of(tls), origin.clientChain(request));
    }

    @Test
    void aTrustedProxyPassesTheClientsAddressAndCertificateInHeaders() throws Exception {
        RequestOrigin origin = origin(" 10.0.0.1, " + PROXY);
        X509Certificate device = certificate("CN=device-behind-nginx");
        HttpServletRequest escaped = request(PROXY, certificate("CN=the-proxy-itself"), Map.of(
                "X-Forwarded-For", "198.51.100.1, 203.0.113.5, 10.0.0.1",
                "X-SSL-Client-Cert", URLEncoder.encode(pem(device), StandardCharsets.UTF_8)));
        HttpServletRequest plain = request(PROXY, null, Map.of("X-SSL-Client-Cert", pem(device).replace('\n', ' ')));
        HttpServletRequest none = request(PROXY, certificate("CN=the-proxy-itself"), Map.of());

        assertEquals("203.0.113.5", origin.sourceAddress(escaped), "the nearest address no trusted proxy claims");
        assertEquals(List.of(device), origin.clientChain(escaped));
        assertEquals(List.of(device), origin.clientChain(plain));
        assertEquals(PROXY, origin.sourceAddress(plain));
        assertEquals(List.of(), origin.clientChain(none), "the proxy's own certificate is never the client's");
    }

    @Test
    void aHeaderThatIsNoCertificateIsNone() {
        assertEquals(Optional.empty(), RequestOrigin.certificateFromHeader("-----BEGIN CERTIFICATE-----AAAA-----END CERTIFICATE-----"));
        assertEquals(Optional.empty(), RequestOrigin.certificateFromHeader("garbage"));
    }

    private static RequestOrigin origin(String proxies) {
        RequestOrigin origin = new RequestOrigin();
        origin.configuredProxies = Optional.ofNullable(proxies);
        origin.readProxies();
        return origin;
    }

    /** A request as the container would hand it over: only what RequestOrigin reads. */
    private static HttpServletRequest request(String peer, X509Certificate tls, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestOriginTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getHeader" -> headers.get((String) arguments[0]);
                    case "isSecure" -> true;
                    case "getAttribute" -> tls == null ? null : new X509Certificate[] {tls};
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    private static X509Certificate certificate(String subject) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name(subject),
                BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(3600)),
                new X500Name(subject), keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
}
