package org.estuary.ca.entity;

import java.util.Locale;
import java.util.Optional;

/**
 * Which issued certificates an operator looks for; an absent criterion does not narrow. Newest first,
 * {@code limit} at a time from {@code offset}.
 *
 * @param serial the serial, hexadecimal in any case, with or without colons: those starting with it
 * @param commonName part of the subject's common name, in any case
 * @param profile the EST profile they were issued under, exactly
 * @param status issued or revoked
 */
public record CertificateSearch(Optional<String> serial, Optional<String> commonName, Optional<String> profile,
        Optional<CertificateStatus> status, int offset, int limit) {

    public static final int MAX_LIMIT = 500;

    public CertificateSearch {
        serial = serial.map(s -> s.replace(":", "").strip().toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", ""))
                .filter(s -> !s.isEmpty());
        commonName = commonName.map(String::strip).filter(s -> !s.isEmpty());
        profile = profile.map(String::strip).filter(s -> !s.isEmpty());
        if (serial.filter(s -> !s.matches("[0-9a-f]{1,64}")).isPresent()) {
            throw new IllegalArgumentException("serial: hexadecimal digits, with or without colons");
        }
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: 1 to " + MAX_LIMIT + ", offset: 0 or more");
        }
    }
}
