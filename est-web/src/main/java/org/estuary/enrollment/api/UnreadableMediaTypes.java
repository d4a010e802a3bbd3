package org.estuary.enrollment.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.function.Consumer;

/**
 * Drops an {@code Accept} or {@code Content-Type} header that does not parse, so that the request is
 * read as if it had none, instead of Jersey's empty 400 before any resource sees it. Each EST answer
 * has one media type, and the body's type is judged by its content (RFC 7030 clients send a wide
 * variety of labels); RFC 9110 §12.5.1: "A request without any Accept header field implies that the
 * user agent will accept any media type in response."
 */
@Provider
@PreMatching
public class UnreadableMediaTypes implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        dropUnless(request, HttpHeaders.ACCEPT, ContainerRequestContext::getAcceptableMediaTypes);
        dropUnless(request, HttpHeaders.CONTENT_TYPE, ContainerRequestContext::getMediaType);
    }

    private static void dropUnless(ContainerRequestContext request, String header, Consumer<ContainerRequestContext> parse) {
        if (request.getHeaderString(header) == null) {
            return;
        }
        try {
            parse.accept(request);
        } catch (RuntimeException unparsable) {
            request.getHeaders().remove(header);
        }
    }
}
