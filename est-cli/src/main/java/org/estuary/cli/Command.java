package org.estuary.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The commands of {@code est}, each with what it does and the options it reads. */
enum Command {
    CACERTS("cacerts", "Fetches the CA certificates (RFC 7030 §4.1) and writes them as PEM to --out or standard output.",
            List.of("--out FILE")),
    CSRATTRS("csrattrs", "Fetches the CSR attributes the server wants (RFC 7030 §4.5) and prints them, one per line.",
            List.of("--out FILE")),
    ENROLL("enroll", "Enrolls a CSR (RFC 7030 §4.2.1): --csr, or a new EC P-256 key and CSR for --subject; writes"
            + " PREFIX.cert.pem, and PREFIX.key.pem for a key it made.",
            List.of("--csr FILE|-", "--subject DN", "--out PREFIX")),
    REENROLL("reenroll", "Renews the certificate given with --cert/--key, which also authenticate the TLS session"
            + " (RFC 7030 §4.2.2): --csr, or a new EC P-256 key and CSR for the certificate's subject.",
            List.of("--csr FILE|-", "--out PREFIX")),
    SERVERKEYGEN("serverkeygen", "Has the server make the key (RFC 7030 §4.4); writes PREFIX.cert.pem and PREFIX.key.pem."
            + " With --encrypt-to-key the server encrypts the key to the --cert/--key key (AsymmetricDecryptKeyIdentifier)"
            + " and est decrypts it with --key.", List.of("--subject DN", "--encrypt-to-key", "--out PREFIX")),
    TEST("test", "Runs cacerts, csrattrs and a throw-away enrollment and prints a PASS or FAIL line for each.", List.of());

    static final List<String> COMMON_OPTIONS = List.of(
            "--server URL      https://host:port of the EST server (required)",
            "--profile LABEL   the profile's path label: /.well-known/est/LABEL/ (default: the root profile)",
            "--cacert FILE     PEM certificates the server's TLS certificate chains to (default: the JDK's trust store)",
            "--user NAME       HTTP Basic user; the password comes from --password or EST_PASSWORD",
            "--password TEXT   HTTP Basic password (prefer EST_PASSWORD: a command line is visible to others)",
            "--cert FILE       PEM client certificate (chain) for TLS, with --key",
            "--key FILE        PEM private key of --cert (PKCS#8, EC or RSA)",
            "--help            this text");

    final String word;
    final String summary;
    final List<String> options;

    Command(String word, String summary, List<String> options) {
        this.word = word;
        this.summary = summary;
        this.options = options;
    }

    static Optional<Command> named(String word) {
        return Arrays.stream(values()).filter(command -> command.word.equals(word)).findFirst();
    }

    String help() {
        StringBuilder text = new StringBuilder("Usage: est " + word + " --server https://host:port [options]\n\n" + summary
                + "\n\nOptions:\n");
        options.forEach(option -> text.append("  ").append(option).append('\n'));
        COMMON_OPTIONS.forEach(option -> text.append("  ").append(option).append('\n'));
        return text.toString();
    }

    static String overview() {
        StringBuilder text = new StringBuilder("Usage: est <command> --server https://host:port [options]\n\nCommands:\n");
        for (Command command : values()) {
            text.append(String.format("  %-13s %s%n", command.word, command.summary.substring(0, command.summary.indexOf('.') + 1)));
        }
        return text.append("\n`est <command> --help` lists a command's options. Exit codes: 0 done, 1 refused by the server"
                + " or a failed test step, 2 usage, 3 unreachable server, TLS or file problem.\n").toString();
    }
}
