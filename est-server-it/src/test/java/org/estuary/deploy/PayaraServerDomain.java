package org.estuary.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Payara Server installation unpacked from its distribution zip, and the one domain
 * {@code server-config/payara-server/setup} creates in it: set up, stopped, and its log.
 */
final class PayaraServerDomain {

    static final String DOMAIN = "estuary";

    private final Path payaraHome;
    private final Path domainsDir;
    private final int portBase;

    private PayaraServerDomain(Path payaraHome, Path domainsDir, int portBase) {
        this.payaraHome = payaraHome;
        this.domainsDir = domainsDir;
        this.portBase = portBase;
    }

    /** Unpacks {@code distribution} into {@code workDir} (replacing an earlier unpacking); domains go beside it. */
    static PayaraServerDomain unpack(Path distribution, Path workDir, int portBase) throws IOException {
        Path installation = workDir.resolve("payara-server");
        Trees.delete(installation);
        Trees.delete(workDir.resolve("domains"));
        Path home = Trees.unzipDistribution(distribution, installation);
        if (!Files.isExecutable(home.resolve("bin/asadmin"))) {
            throw new IOException(distribution + " has no bin/asadmin in " + home);
        }
        return new PayaraServerDomain(home, workDir.resolve("domains"), portBase);
    }

    /** Runs the set-up script on the prepared {@code dataDir} with this JVM's JDK; the script's output. */
    String setUp(Path serverConfig, Path dataDir, Path ear, Duration timeout) throws IOException, InterruptedException {
        Map<String, String> environment = environment();
        environment.put("EST_DATA_DIR", dataDir.toString());
        environment.put("EST_EAR", ear.toString());
        return new Command("setup", environment, "bash", serverConfig.resolve("payara-server/setup").toString())
                .run(dataDir, timeout);
    }

    /** Stops the domain: asks it to, and kills it when that fails. */
    void stop() throws IOException, InterruptedException {
        if (!Files.isDirectory(domainsDir.resolve(DOMAIN))) {
            return;
        }
        try {
            asadmin("stop-domain", "--domaindir", domainsDir.toString(), DOMAIN).run(domainsDir, Duration.ofMinutes(3));
        } catch (IOException notStopped) {
            asadmin("stop-domain", "--kill=true", "--domaindir", domainsDir.toString(), DOMAIN)
                    .run(domainsDir, Duration.ofMinutes(1));
        }
    }

    /** The records of the domain's server.log at level SEVERE, the first line of each. */
    List<String> severeLogRecords() throws IOException {
        return Files.readAllLines(domainsDir.resolve(DOMAIN).resolve("logs/server.log")).stream()
                .filter(line -> line.contains("] [SEVERE] ["))
                .toList();
    }

    /** The last {@code lines} lines of the domain's server.log, or why there are none. */
    String serverLogTail(int lines) {
        Path log = domainsDir.resolve(DOMAIN).resolve("logs/server.log");
        try {
            List<String> all = Files.readAllLines(log);
            return "last " + Math.min(lines, all.size()) + " lines of " + log + ":\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException unreadable) {
            return "no server log: " + unreadable;
        }
    }

    private Command asadmin(String... arguments) {
        String[] command = new String[arguments.length + 2];
        command[0] = payaraHome.resolve("bin/asadmin").toString();
        command[1] = "--interactive=false";
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        return new Command("asadmin", environment(), command);
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("PAYARA_HOME", payaraHome.toString());
        environment.put("PAYARA_DOMAIN", DOMAIN);
        environment.put("PAYARA_DOMAINS_DIR", domainsDir.toString());
        environment.put("PAYARA_PORT_BASE", Integer.toString(portBase));
        return environment;
    }
}
