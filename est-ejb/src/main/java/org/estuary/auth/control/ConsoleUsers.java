package org.estuary.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estuary.auth.control.AdminApiKeys.Role;

/**
 * The people who may sign in to the console: {@code name:role:password-hash} lines (role admin or
 * viewer, hash as {@link PasswordHashes} writes it; {@code #} starts a comment) in
 * {@code est.console.users-file}, which {@code server-config/prepare} creates with a generated first
 * admin, and in {@code est.console.users} ({@code EST_CONSOLE_USERS}, comma-separated). The file is
 * read again when it changes, so adding a user needs no restart. Configuration holds hashes, never
 * passwords.
 */
@ApplicationScoped
public class ConsoleUsers {

    private static final Logger LOG = Logger.getLogger(ConsoleUsers.class.getName());

    /** Checked against when the name is unknown, so that a wrong name takes as long as a wrong password. */
    private static final String NOBODY = PasswordHashes.hash("nobody".toCharArray());

    /** A console user, without the hash. */
    public record ConsoleUser(String name, Role role) {
    }

    private record Entry(ConsoleUser user, String hash) {
    }

    @Inject
    @ConfigProperty(name = "est.console.users-file")
    Optional<String> usersFile;

    @Inject
    @ConfigProperty(name = "est.console.users")
    Optional<String> configuredUsers;

    private FileTime fileReadAt;
    private Map<String, Entry> fromFile = Map.of();
    /** The users of {@code est.console.users}, parsed once: configuration does not change while the server runs. */
    private Map<String, Entry> configured;

    /** The user whose name and password these are, if any. */
    public Optional<ConsoleUser> authenticate(String name, char[] password) {
        Entry entry = name == null ? null : entries().get(name.strip());
        boolean matches = PasswordHashes.matches(entry == null ? NOBODY : entry.hash(), password);
        return entry != null && matches ? Optional.of(entry.user()) : Optional.empty();
    }

    /** Whether {@code name} is still an administrator: a session ends when its user is removed or made a viewer. */
    public boolean isAdmin(String name) {
        Entry entry = entries().get(name);
        return entry != null && entry.user().role() == Role.ADMIN;
    }

    private synchronized Map<String, Entry> entries() {
        Map<String, Entry> all = new LinkedHashMap<>();
        usersFile.map(Path::of).ifPresent(file -> {
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                if (!modified.equals(fileReadAt)) {
                    fromFile = parse(Files.readAllLines(file, StandardCharsets.UTF_8), "est.console.users-file " + file);
                    fileReadAt = modified;
                }
            } catch (IOException unreadable) {
                LOG.warning(() -> "cannot read the console users file " + file + ": " + unreadable.getMessage());
                fromFile = Map.of();
                fileReadAt = null;
            }
        });
        all.putAll(fromFile);
        if (configured == null) {
            configured = configuredUsers.map(list -> parse(List.of(list.split(",")), "est.console.users (EST_CONSOLE_USERS)"))
                    .orElse(Map.of());
        }
        all.putAll(configured);
        return all;
    }

    /** Well-formed entries by name; a malformed one is logged by its position (never its text) and left out. */
    static Map<String, Entry> parse(List<String> lines, String where) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String entry = lines.get(i).strip();
            int position = i + 1;
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] parts = entry.split(":", 3);
            try {
                if (parts.length != 3 || parts[0].isBlank()) {
                    throw new IllegalArgumentException("not name:role:password-hash");
                }
                Role role;
                try {
                    role = Role.valueOf(parts[1].strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException unknown) {
                    throw new IllegalArgumentException("unknown role '" + parts[1] + "' (admin, viewer)");
                }
                PasswordHashes.requireWellFormed(parts[2].strip());
                entries.put(parts[0].strip(), new Entry(new ConsoleUser(parts[0].strip(), role), parts[2].strip()));
            } catch (IllegalArgumentException malformed) {
                LOG.warning(() -> where + ": entry " + position + " is left out: " + malformed.getMessage());
            }
        }
        return entries;
    }
}
