package org.estuary.profile.entity;

import java.util.Locale;
import java.util.Optional;

/** How a profile authenticates EST clients (RFC 7030 §3.2.3, §3.3.2). No mode at all means anonymous. */
public enum AuthMode {
    /** TLS client certificate verified against the profile's trust bundle, on {@code /.well-known/est-mtls/<label>/}. */
    MTLS,
    /** HTTP Basic with the profile's enrollment password, on {@code /.well-known/est/<label>/}. */
    BASIC;

    /** The configuration spelling: {@code mtls} or {@code basic}, any case. */
    public static Optional<AuthMode> of(String token) {
        return switch (token.strip().toLowerCase(Locale.ROOT)) {
            case "mtls" -> Optional.of(MTLS);
            case "basic" -> Optional.of(BASIC);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
