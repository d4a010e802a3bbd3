package org.estuary.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Folders the tests write afresh on every run, and the server distributions unpacked into them. */
final class Trees {

    private Trees() {
    }

    /** Deletes {@code root} and everything below it; nothing when it does not exist. */
    static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Unpacks a server distribution into {@code target} and answers its one top folder. java.util.zip
     * does not restore file modes: the scripts in {@code bin} folders (asadmin, standalone.sh and what
     * they call) are made executable again.
     */
    static Path unzipDistribution(Path zip, Path target) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : archive.stream().toList()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                if (file.getParent().getFileName().toString().equals("bin")) {
                    file.toFile().setExecutable(true);
                }
            }
        }
        try (var tops = Files.list(target)) {
            List<Path> top = tops.toList();
            if (top.size() != 1) {
                throw new IOException(zip + " does not hold one top folder: " + top);
            }
            return top.get(0);
        }
    }
}
