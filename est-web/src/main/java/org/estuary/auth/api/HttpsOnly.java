package org.estuary.auth.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RFC 7030 §3.3: EST runs over HTTPS only. Plain HTTP reaches nothing under {@code /.well-known/}
 * but {@code /.well-known/pki/} (CRLs and OCSP, which relying parties fetch without TLS).
 */
@WebFilter(urlPatterns = "/.well-known/*")
public class HttpsOnly extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String PLAIN_HTTP_ALLOWED = "/.well-known/pki/";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isSecure() || pathOf(request).startsWith(PLAIN_HTTP_ALLOWED)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = "EST is served over HTTPS only\n".getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain; charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
