package org.estuary.profile.entity;

import static java.util.Objects.requireNonNull;

/**
 * An EST profile: where it is published and which issuer signs for it.
 *
 * @param label the path segment after {@code /.well-known/est/}; empty for the root profile
 * @param name how records and logs name the profile: the label, or {@value #ROOT_NAME} for the root
 */
public record EstProfile(String label, String name, String issuerId) {

    public static final String ROOT_NAME = "default";

    public EstProfile {
        requireNonNull(label, "label");
        requireNonNull(name, "name");
        requireNonNull(issuerId, "issuerId");
    }

    public static EstProfile root(String issuerId) {
        return new EstProfile("", ROOT_NAME, issuerId);
    }
}
