package org.estuary.admin.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.estuary.admin.console.ConsoleAuthentication;

/**
 * The application's one Jakarta Security mechanism (a WAR has one): bearer API keys for the admin
 * API under {@code /api/} and the MCP server at {@code /mcp}, signed-in sessions for the console under {@code /console/}. Neither
 * accepts the other's credentials: a console session cookie opens no API resource, and an API key
 * no console page. EST's own authentication (Basic, mTLS) is the application's, not the container's.
 */
@ApplicationScoped
public class AdminAuthenticationMechanism implements HttpAuthenticationMechanism {

    @Inject
    ApiKeyAuthentication apiKeys;

    @Inject
    ConsoleAuthentication console;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        // The container's decoded, normalised path (no ";param", no "..") rather than the raw request URI.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.startsWith("/api/") || path.equals("/mcp") || path.startsWith("/mcp/")) {
            return apiKeys.validate(request, response, context);
        }
        if (path.startsWith("/console/")) {
            return console.validate(request, context);
        }
        return context.doNothing();
    }
}
