package org.estuary.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.estuary.auth.control.AdminApiKeys.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminApiKeysTest {

    @TempDir
    Path files;

    @Test
    void theGeneratedKeyIsAnAdminAndConfiguredKeysHaveTheirRoles() throws Exception {
        AdminApiKeys keys = keys(Optional.of(Files.writeString(files.resolve("admin-api-key"), "generated-key\n").toString()),
                Optional.of(" ops:viewer:" + sha256("dashboard-key") + " , ci:ADMIN:" + sha256("ci-key")));

        assertEquals("admin-api-key", keys.find("generated-key").orElseThrow().name());
        assertEquals(Role.ADMIN, keys.find("generated-key").orElseThrow().role());
        assertEquals(Role.VIEWER, keys.find("dashboard-key").orElseThrow().role());
        assertEquals("ops", keys.find(" dashboard-key ").orElseThrow().name());
        assertEquals(Role.ADMIN, keys.find("ci-key").orElseThrow().role());
        assertEquals(Optional.empty(), keys.find("guess"));
        assertEquals(Optional.empty(), keys.find(""));
        assertEquals(Optional.empty(), keys.find(null));
    }

    @Test
    void withoutKeysNobodyIsAdmitted() {
        assertEquals(Optional.empty(), keys(Optional.empty(), Optional.empty()).find("anything"));
    }

    @Test
    void malformedEntriesStopTheStartNamingTheKeyButNotTheHash() {
        IllegalStateException unknownRole = assertThrows(IllegalStateException.class,
                () -> keys(Optional.empty(), Optional.of("ops:owner:" + sha256("x"))));
        IllegalStateException notAHash = assertThrows(IllegalStateException.class,
                () -> keys(Optional.empty(), Optional.of("ops:viewer:plaintext-key")));

        assertEquals("est.admin.api-keys (EST_ADMIN_API_KEYS): key ops has unknown role 'owner' (admin, viewer)",
                unknownRole.getMessage());
        assertTrue(notAHash.getMessage().startsWith("est.admin.api-keys (EST_ADMIN_API_KEYS): entry 'ops...'"),
                notAHash.getMessage());
        assertTrue(!notAHash.getMessage().contains("plaintext-key"), "a mistyped key is not repeated into the log");
    }

    private static AdminApiKeys keys(Optional<String> file, Optional<String> configured) {
        AdminApiKeys keys = new AdminApiKeys();
        keys.keyFile = file;
        keys.configuredKeys = configured;
        keys.load();
        return keys;
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
