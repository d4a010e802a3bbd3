package org.estuary.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The example messages of RFC 7030 Appendix A, exactly as printed (base64, 64 columns). */
public final class Rfc7030Vectors {

    private Rfc7030Vectors() {
    }

    /** A.1: the /cacerts response (four certificates: OwO, NwO, OwN, NwN). */
    public static byte[] cacertsResponse() {
        return read("a1-cacerts-response.b64");
    }

    /** A.3: the /simpleenroll request, a PKCS#10 signed with SHA-1/RSA. */
    public static byte[] simpleEnrollRequest() {
        return read("a3-simpleenroll-request.b64");
    }

    /** A.3: the /simpleenroll response, certs-only with the issued certificate. */
    public static byte[] simpleEnrollResponse() {
        return read("a3-simpleenroll-response.b64");
    }

    private static byte[] read(String name) {
        try (InputStream in = Rfc7030Vectors.class.getResourceAsStream("/rfc7030/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
