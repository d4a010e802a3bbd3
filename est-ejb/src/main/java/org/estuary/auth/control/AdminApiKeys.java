package org.estuary.auth.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The admin API's bearer keys, each with a name (the actor audit rows record) and a role: the
 * generated key of {@code est.admin.api-key-file} (name {@value #GENERATED_KEY_NAME}, role admin),
 * and those of {@code est.admin.api-keys} ({@code EST_ADMIN_API_KEYS}): comma-separated
 * {@code name:role:sha256-hex}, so that configuration holds hashes, never keys. Only SHA-256
 * digests are kept; a presented key is compared digest to digest in constant time.
 */
@ApplicationScoped
public class AdminApiKeys {

    public static final String GENERATED_KEY_NAME = "admin-api-key";

    /** What a key may do: viewers read, admins also change. */
    public enum Role {
        ADMIN, VIEWER;

        /** The role name the container knows it by. */
        public String roleName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A key the server knows, without the key. */
    public record ApiKey(String name, Role role, byte[] digest) {
    }

    private static final Logger LOG = Logger.getLogger(AdminApiKeys.class.getName());

    @Inject
    @ConfigProperty(name = "est.admin.api-key-file")
    Optional<String> keyFile;

    @Inject
    @ConfigProperty(name = "est.admin.api-keys")
    Optional<String> configuredKeys;

    private List<ApiKey> keys = List.of();

    @PostConstruct
    void load() {
        List<ApiKey> loaded = new ArrayList<>();
        keyFile.ifPresent(file -> loaded.add(new ApiKey(GENERATED_KEY_NAME, Role.ADMIN, digest(read(file)))));
        configuredKeys.ifPresent(list -> {
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) {
                    loaded.add(parse(entry.strip()));
                }
            }
        });
        if (loaded.isEmpty()) {
            LOG.warning("no admin API key is configured: the admin API refuses every request");
        }
        keys = List.copyOf(loaded);
    }

    /** The key {@code presented} is, if it is one. */
    public Optional<ApiKey> find(String presented) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        byte[] digest = digest(presented.strip());
        ApiKey found = null;
        for (ApiKey key : keys) {
            if (MessageDigest.isEqual(key.digest(), digest)) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    /** One {@code name:role:sha256-hex} entry. */
    static ApiKey parse(String entry) {
        String[] parts = entry.split(":");
        if (parts.length != 3 || parts[0].isBlank() || !parts[2].matches("[0-9a-fA-F]{64}")) {
            throw new IllegalStateException("est.admin.api-keys (EST_ADMIN_API_KEYS): entry '" + parts[0]
                    + "...' is not name:role:sha256-hex");
        }
        Role role;
        try {
            role = Role.valueOf(parts[1].strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalStateException("est.admin.api-keys (EST_ADMIN_API_KEYS): key " + parts[0]
                    + " has unknown role '" + parts[1] + "' (admin, viewer)");
        }
        return new ApiKey(parts[0].strip(), role, HexFormat.of().parseHex(parts[2]));
    }

    private static String read(String file) {
        try {
            String key = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (key.isEmpty()) {
                throw new IllegalStateException("admin API key file " + file + " is empty");
            }
            return key;
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read the admin API key file " + file, unreadable);
        }
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
