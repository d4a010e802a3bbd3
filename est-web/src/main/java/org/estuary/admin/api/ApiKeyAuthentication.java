package org.estuary.admin.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.estuary.auth.control.AdminApiKeys;
import org.estuary.auth.control.AdminApiKeys.ApiKey;

/**
 * Authentication of the admin API: {@code Authorization: Bearer <key>} over HTTPS makes the caller
 * the key's name with the key's role ({@code admin} or {@code viewer}); the security constraints of
 * {@code web.xml} then let viewers read and admins also change. A protected request without a valid
 * key is answered 401 here, with its challenge.
 */
@ApplicationScoped
public class ApiKeyAuthentication {

    private static final String BEARER = "Bearer ";

    @Inject
    AdminApiKeys keys;

    /** Authenticates a request under {@code /api/}. */
    public AuthenticationStatus validate(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        Optional<ApiKey> key = request.isSecure() && authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? keys.find(authorization.substring(BEARER.length())) : Optional.empty();
        if (key.isPresent()) {
            return context.notifyContainerAboutLogin(new CallerPrincipal(key.get().name()), Set.of(key.get().role().roleName()));
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        // Written here rather than through the container's error page (sendError), which breaks HTTP/2 answers.
        try {
            byte[] body = "admin API key required\n".getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"estuary-admin\"");
            response.setContentType("text/plain; charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.flushBuffer();
        } catch (IOException lost) {
            // the client went away; nothing to answer
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
