package org.estuary.enrollment.entity;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** HTTP Basic credentials (RFC 7617) as a client sent them. The password is never printed. */
public record BasicCredentials(String user, byte[] password) {

    private static final String BASIC = "Basic ";

    public BasicCredentials {
        requireNonNull(user, "user");
        requireNonNull(password, "password");
    }

    /** Reads an {@code Authorization} header; empty when it is absent, not Basic, or malformed. */
    public static Optional<BasicCredentials> fromAuthorization(String header) {
        if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new BasicCredentials(decoded.substring(0, colon),
                    decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + user + ", password redacted]";
    }
}
