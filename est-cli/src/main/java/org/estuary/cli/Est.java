package org.estuary.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/** {@code java -jar est-cli.jar <command> ...}: parses, runs one command, and exits with its {@link ExitCode}. */
public final class Est {

    private Est() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.in, System.out, System.err));
    }

    static int run(String[] args, Map<String, String> environment, InputStream in, PrintStream out, PrintStream err) {
        try {
            CliOptions options = CliOptions.parse(args, environment);
            if (options.help()) {
                out.print(options.command() == null ? Command.overview() : options.command().help());
                return ExitCode.OK.code;
            }
            Commands commands = new Commands(new EstServer(options), out, in);
            return switch (options.command()) {
                case CACERTS -> commands.cacerts();
                case CSRATTRS -> commands.csrattrs();
                case ENROLL -> commands.enroll(false);
                case REENROLL -> commands.enroll(true);
                case SERVERKEYGEN -> commands.serverkeygen();
                case TEST -> new SelfTest(commands, out).run();
            };
        } catch (CliFailure failure) {
            err.println("est: " + failure.getMessage());
            if (failure.exitCode == ExitCode.USAGE) {
                err.println("est: `est --help` lists the commands, `est <command> --help` their options");
            }
            return failure.exitCode.code;
        }
    }
}
