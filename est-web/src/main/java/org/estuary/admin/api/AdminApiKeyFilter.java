package org.estuary.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.estuary.auth.control.AdminApiKeys;

/** Admits a request to the admin API only with {@code Authorization: Bearer <admin API key>} over HTTPS. */
@Provider
public class AdminApiKeyFilter implements ContainerRequestFilter {

    /** Who the audit trail names as the actor of an admin API call. */
    public static final String ACTOR = "admin-api-key";

    private static final String BEARER = "Bearer ";

    @Inject
    AdminApiKeys keys;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()) : null;
        if (!request.getSecurityContext().isSecure() || !keys.isAdmin(presented)) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"estuary-admin\"")
                    .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("admin API key required\n")
                    .build());
        }
    }
}
