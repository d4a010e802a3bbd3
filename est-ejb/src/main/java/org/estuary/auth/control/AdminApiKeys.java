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
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The admin API key, read once from {@code est.admin.api-key-file}. Only its SHA-256 is kept; a
 * presented key is compared digest to digest in constant time. Without a key file the admin API
 * refuses everyone.
 */
@ApplicationScoped
public class AdminApiKeys {

    private static final Logger LOG = Logger.getLogger(AdminApiKeys.class.getName());

    @Inject
    @ConfigProperty(name = "est.admin.api-key-file")
    Optional<String> keyFile;

    private byte[] adminKeyDigest;

    @PostConstruct
    void load() {
        if (keyFile.isEmpty()) {
            LOG.warning("est.admin.api-key-file is not set: the admin API refuses every request");
            return;
        }
        try {
            String key = Files.readString(Path.of(keyFile.get()), StandardCharsets.UTF_8).strip();
            if (key.isEmpty()) {
                throw new IllegalStateException("admin API key file " + keyFile.get() + " is empty");
            }
            adminKeyDigest = digest(key);
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read the admin API key file " + keyFile.get(), unreadable);
        }
    }

    /** Whether {@code presented} is the admin key. */
    public boolean isAdmin(String presented) {
        return adminKeyDigest != null && presented != null
                && MessageDigest.isEqual(adminKeyDigest, digest(presented.strip()));
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
