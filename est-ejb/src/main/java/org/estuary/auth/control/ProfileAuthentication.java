package org.estuary.auth.control;

import java.util.Optional;
import org.estuary.enrollment.entity.BasicAuthenticationFailed;
import org.estuary.enrollment.entity.BasicCredentials;
import org.estuary.profile.entity.AuthMode;
import org.estuary.profile.entity.EstProfile;

/**
 * RFC 7030 §3.2.3 and §3.3.2: what a profile demands of a client before an enrollment is looked at.
 * An anonymous profile demands nothing; a Basic profile demands its enrollment password (the user
 * name is the client's to choose and is only recorded), compared in constant time.
 */
public final class ProfileAuthentication {

    private ProfileAuthentication() {
    }

    /** The principal the request authenticated as: the Basic user name, or empty when the profile is anonymous. */
    public static Optional<String> admit(EstProfile.Authentication authentication, Optional<BasicCredentials> credentials)
            throws BasicAuthenticationFailed {
        if (!authentication.modes().contains(AuthMode.BASIC)) {
            return Optional.empty();
        }
        BasicCredentials presented = credentials.orElseThrow(() ->
                new BasicAuthenticationFailed("this profile requires HTTP Basic authentication"));
        boolean matches = authentication.enrollmentPassword().map(secret -> secret.matches(presented.password())).orElse(false);
        if (!matches) {
            throw new BasicAuthenticationFailed("wrong enrollment password");
        }
        return Optional.of(presented.user());
    }
}
