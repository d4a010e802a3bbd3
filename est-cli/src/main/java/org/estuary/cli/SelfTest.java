package org.estuary.cli;

import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * {@code est test}: cacerts, csrattrs and one throw-away enrollment (a fresh EC P-256 key, CN
 * est-test-&lt;random&gt;), each reported on a line of its own; the first failure does not stop the rest.
 */
final class SelfTest {

    /** One step: its name and what it does. */
    @FunctionalInterface
    private interface Step {
        String run() throws CliFailure;
    }

    private final Commands commands;
    private final PrintStream out;
    private int failed;

    SelfTest(Commands commands, PrintStream out) {
        this.commands = commands;
        this.out = out;
    }

    int run() {
        step("cacerts", () -> {
            List<X509Certificate> chain = commands.caCertificates();
            return chain.size() + " certificate(s), issuing CA " + chain.get(0).getSubjectX500Principal().getName();
        });
        step("csrattrs", () -> {
            List<String> attributes = commands.csrAttributes();
            return attributes.isEmpty() ? "none asked for" : String.join(", ", attributes);
        });
        step("simpleenroll", () -> {
            X500Name subject = new X500Name("CN=est-test-" + UUID.randomUUID().toString().substring(0, 8));
            X509Certificate certificate = commands.enroll(Csrs.generate(subject, null, null).csr(), false);
            return "issued " + certificate.getSubjectX500Principal().getName() + ", serial "
                    + certificate.getSerialNumber().toString(16);
        });
        out.println(failed == 0 ? "all steps passed" : failed + " step(s) failed");
        return failed == 0 ? ExitCode.OK.code : ExitCode.REFUSED.code;
    }

    private void step(String name, Step step) {
        try {
            out.println("PASS " + name + ": " + step.run());
        } catch (CliFailure failure) {
            failed++;
            out.println("FAIL " + name + ": " + failure.getMessage());
        }
    }
}
