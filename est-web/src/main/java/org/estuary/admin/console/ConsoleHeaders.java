package org.estuary.admin.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers on every console page and resource: a content security policy that loads
 * scripts, styles, images and connections from this origin only and lets no other site frame the
 * console; no MIME sniffing; no referrer; and no caching, since pages carry certificates, audit rows
 * and the Faces view state. Faces' view state is the CSRF token of every form.
 */
@WebFilter(urlPatterns = {"/console/*", "/jakarta.faces.resource/*"})
public class ConsoleHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** PrimeFaces writes inline scripts and event handlers, hence 'unsafe-inline' for scripts; nothing comes from elsewhere. */
    static final String POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self';"
            + " form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (request.getRequestURI().startsWith(request.getContextPath() + "/console/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}
