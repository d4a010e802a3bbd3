package org.estuary.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.estuary.auth.control.AdminApiKeys.Role;
import org.estuary.auth.control.ConsoleUsers.ConsoleUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleUsersTest {

    private static final String ALICE = PasswordHashes.hash("alice's secret".toCharArray());

    @Test
    void knowsTheUsersOfTheFileAndOfConfiguration(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("console-users");
        Files.writeString(file, "# console users\nalice:admin:" + ALICE + "\n\nbroken line\nmallory:root:" + ALICE + "\n");
        ConsoleUsers users = new ConsoleUsers();
        users.usersFile = Optional.of(file.toString());
        users.configuredUsers = Optional.of("victor:viewer:" + PasswordHashes.hash("v".toCharArray()));

        assertEquals(Optional.of(new ConsoleUser("alice", Role.ADMIN)), users.authenticate("alice", "alice's secret".toCharArray()));
        assertEquals(Optional.of(new ConsoleUser("victor", Role.VIEWER)), users.authenticate("victor", "v".toCharArray()));
        assertEquals(Optional.empty(), users.authenticate("alice", "wrong".toCharArray()));
        assertEquals(Optional.empty(), users.authenticate("mallory", "alice's secret".toCharArray()), "an unknown role is left out");
        assertEquals(Optional.empty(), users.authenticate("nobody", "alice's secret".toCharArray()));
        assertEquals(Optional.empty(), users.authenticate(null, new char[0]));

        Files.writeString(file, "bob:admin:" + ALICE + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(Optional.empty(), users.authenticate("alice", "alice's secret".toCharArray()), "the file is read again when it changes");
        assertTrue(users.authenticate("bob", "alice's secret".toCharArray()).isPresent());
    }

    @Test
    void leavesOutMalformedEntries() {
        assertEquals(List.of("a"), List.copyOf(ConsoleUsers.parse(List.of("a:admin:" + ALICE, "b:admin:plain", ":admin:" + ALICE,
                "c:admin"), "test").keySet()));
    }
}
