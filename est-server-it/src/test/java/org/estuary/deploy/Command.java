package org.estuary.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external command run to its end: its output (standard error merged in) is printed as it comes, each
 * line prefixed with the seconds since the start so that a log shows where the time went, and kept for
 * the failure message.
 */
final class Command {

    private final List<String> arguments;
    private final Map<String, String> environment;
    private final String label;

    Command(String label, Map<String, String> environment, String... arguments) {
        this.label = label;
        this.environment = Map.copyOf(environment);
        this.arguments = List.of(arguments);
    }

    /** Runs it; its output if it exits with 0 within {@code timeout}, else an exception that quotes the output. */
    String run(Path directory, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(arguments).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> copy(process, lines, start), label + " output");
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            reader.join(5_000);
            throw new IOException(label + " did not end within " + timeout.toSeconds() + " s; its output:\n" + joined(lines));
        }
        reader.join(10_000);
        if (process.exitValue() != 0) {
            throw new IOException(label + " exited with " + process.exitValue() + "; its output:\n" + joined(lines));
        }
        return joined(lines);
    }

    private void copy(Process process, List<String> lines, long start) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                System.out.printf("%s [%6.1f s] %s%n", label, (System.nanoTime() - start) / 1e9, line);
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException closed) {
            // the process ended or was destroyed: what was read is kept
        }
    }

    private static String joined(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
