package org.estuary.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.estuary.audit.entity.AuditAction;
import org.estuary.enrollment.entity.BasicAuthenticationFailed;
import org.estuary.enrollment.entity.BasicCredentials;
import org.estuary.profile.entity.AuthMode;
import org.estuary.profile.entity.EstProfile;
import org.estuary.profile.entity.SharedSecret;
import org.junit.jupiter.api.Test;

class ProfileAuthenticationTest {

    private static final EstProfile.Authentication BASIC = new EstProfile.Authentication(Set.of(AuthMode.BASIC),
            Optional.of(new SharedSecret("fleet-secret")), false, Optional.empty(), false, 0);

    @Test
    void anAnonymousProfileAdmitsEveryoneAsNobody() throws Exception {
        assertEquals(Optional.empty(), ProfileAuthentication.admit(EstProfile.Authentication.ANONYMOUS, Optional.empty()));
    }

    @Test
    void aBasicProfileAdmitsItsPasswordWhateverTheUserName() throws Exception {
        assertEquals(Optional.of("sensor-17"), ProfileAuthentication.admit(BASIC, credentials("Basic " + base64("sensor-17:fleet-secret"))));
    }

    @Test
    void aBasicProfileRefusesNoCredentialsAndWrongPasswordsAsBasicAuthFailures() {
        BasicAuthenticationFailed none = assertThrows(BasicAuthenticationFailed.class,
                () -> ProfileAuthentication.admit(BASIC, Optional.empty()));
        BasicAuthenticationFailed wrong = assertThrows(BasicAuthenticationFailed.class,
                () -> ProfileAuthentication.admit(BASIC, credentials("Basic " + base64("sensor-17:fleet-secreT"))));

        assertEquals("this profile requires HTTP Basic authentication", none.getMessage());
        assertEquals("wrong enrollment password", wrong.getMessage());
        assertEquals(AuditAction.AUTH_FAILED_BASIC, wrong.auditAction(AuditAction.SIMPLE_ENROLL_FAILED));
    }

    @Test
    void onlyWellFormedBasicHeadersAreCredentials() {
        assertEquals(Optional.empty(), BasicCredentials.fromAuthorization(null));
        assertEquals(Optional.empty(), BasicCredentials.fromAuthorization("Bearer abc"));
        assertEquals(Optional.empty(), BasicCredentials.fromAuthorization("Basic !!!"));
        assertEquals(Optional.empty(), BasicCredentials.fromAuthorization("Basic " + base64("no-colon")));
        BasicCredentials parsed = BasicCredentials.fromAuthorization("basic " + base64("user:pa:ss")).orElseThrow();
        assertEquals("user", parsed.user());
        assertEquals("pa:ss", new String(parsed.password(), StandardCharsets.UTF_8));
        assertEquals("BasicCredentials[user, password redacted]", parsed.toString());
    }

    private static Optional<BasicCredentials> credentials(String header) {
        return BasicCredentials.fromAuthorization(header);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
