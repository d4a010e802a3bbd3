package org.estuary.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed command line. Paths are as given; nothing is read until a command runs.
 *
 * @param label the profile label, or null for the root profile
 * @param csr a CSR file, {@code -} for standard input, or null to make a key and CSR
 */
record CliOptions(Command command, boolean help, URI server, String label, Path caCert, String user, String password,
        Path cert, Path key, String csr, String subject, String out, boolean encryptToKey) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    /** Parses {@code args}; {@code environment} supplies EST_PASSWORD. */
    static CliOptions parse(String[] args, Map<String, String> environment) throws CliFailure {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            return new CliOptions(null, true, null, null, null, null, null, null, null, null, null, null, false);
        }
        Command command = Command.named(args[0]).orElseThrow(() -> usage("unknown command " + args[0]
                + " (cacerts, csrattrs, enroll, reenroll, serverkeygen, test)"));
        boolean help = false;
        boolean encryptToKey = false;
        URI server = null;
        String label = null;
        Path caCert = null;
        String user = null;
        String password = null;
        Path cert = null;
        Path key = null;
        String csr = null;
        String subject = null;
        String out = null;
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                help = true;
                continue;
            }
            if (name.equals("--encrypt-to-key")) {
                encryptToKey = true;
                continue;
            }
            if (!name.startsWith("--")) {
                throw usage("unexpected argument " + name);
            }
            if (i + 1 >= args.length) {
                throw usage(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--server" -> server = server(value);
                case "--profile" -> label = label(value);
                case "--cacert" -> caCert = Path.of(value);
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--cert" -> cert = Path.of(value);
                case "--key" -> key = Path.of(value);
                case "--csr" -> csr = value;
                case "--subject" -> subject = value;
                case "--out" -> out = value;
                default -> throw usage("unknown option " + name + " (est " + command.word + " --help lists them)");
            }
        }
        if (help) {
            return new CliOptions(command, true, null, null, null, null, null, null, null, null, null, null, false);
        }
        if (server == null) {
            throw usage("--server is required");
        }
        if (user != null && password == null) {
            password = environment.get("EST_PASSWORD");
            if (password == null) {
                throw usage("--user needs --password or EST_PASSWORD");
            }
        }
        if ((cert == null) != (key == null)) {
            throw usage("--cert and --key go together");
        }
        if (command == Command.REENROLL && cert == null) {
            throw usage("reenroll needs the certificate to renew: --cert and --key");
        }
        if (encryptToKey && cert == null) {
            throw usage("--encrypt-to-key needs --cert and --key: the server encrypts the new key to that certificate's key");
        }
        return new CliOptions(command, false, server, label, caCert, user, password, cert, key, csr, subject, out, encryptToKey);
    }

    /** {@code host:port} as Bouncy Castle's client wants it. */
    String authority() {
        return server.getHost() + ":" + (server.getPort() == -1 ? 443 : server.getPort());
    }

    /** The EST base path of the profile (RFC 7030 §3.2.2). */
    String estPath() {
        return "/.well-known/est" + (label == null ? "" : "/" + label);
    }

    String outOr(String fallback) {
        return out == null ? fallback : out;
    }

    private static URI server(String value) throws CliFailure {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException malformed) {
            throw usage("--server: not a URL: " + value);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw usage("--server: an https://host:port URL, not " + value);
        }
        return uri;
    }

    private static String label(String value) throws CliFailure {
        if (!LABEL.matcher(value).matches()) {
            throw usage("--profile: a label is lower-case letters, digits and inner hyphens, not " + value);
        }
        return value;
    }

    private static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }
}
