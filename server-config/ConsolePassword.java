import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Prints the console password hash of the first line of standard input, as est.console.users-file
 * holds it: pbkdf2-sha256$600000$<salt>$<hash> (the format of org.estuary.auth.control.PasswordHashes).
 * Run as a source file: java server-config/ConsolePassword.java < password-file
 */
public class ConsolePassword {

    public static void main(String[] args) throws Exception {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            System.err.println("ConsolePassword: no password on standard input");
            System.exit(2);
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        int iterations = 600_000;
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(line.toCharArray(), salt, iterations, 256)).getEncoded();
        System.out.println("pbkdf2-sha256$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash));
    }
}
