package org.estuary.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.estuary.audit.boundary.AuditTrail;
import org.estuary.audit.entity.AuditAction;
import org.estuary.audit.entity.AuditEvent;
import org.estuary.auth.control.AdminApiKeys.Role;
import org.estuary.auth.control.ConsoleUsers;
import org.estuary.auth.control.ConsoleUsers.ConsoleUser;

/**
 * Console sessions: {@link SignInView} hands the name and password to the container
 * ({@code SecurityContext.authenticate}); when they are an administrator's, the session gets a new
 * id (against fixation) and remembers the name, and every later console request is that
 * administrator's while the name is still an admin in configuration. Anyone else who asks for a
 * console page is sent to the sign-in page. Sign-ins and refused attempts are audited (a refused one
 * names the user only when the name is known); viewers are refused, the console being for
 * administrators only; an address with too many failures is throttled ({@link SignInThrottle}).
 */
@ApplicationScoped
public class ConsoleAuthentication {

    static final String SIGN_IN_PAGE = "/console/login.xhtml";
    private static final String CALLER = ConsoleAuthentication.class.getName() + ".caller";
    private static final Set<String> GROUPS = Set.of(Role.ADMIN.roleName());
    private static final String CONSOLE = "console";

    @Inject
    ConsoleUsers users;

    @Inject
    AuditTrail auditTrail;

    @Inject
    SignInThrottle throttle;

    private final Clock clock = Clock.systemUTC();

    public AuthenticationStatus validate(HttpServletRequest request, HttpMessageContext context) {
        Credential credential = context.getAuthParameters().getCredential();
        if (credential instanceof UsernamePasswordCredential signIn) {
            return signIn(request, context, signIn);
        }
        HttpSession session = request.getSession(false);
        Object caller = session == null ? null : session.getAttribute(CALLER);
        if (caller instanceof String name && users.isAdmin(name)) {
            return context.notifyContainerAboutLogin(new CallerPrincipal(name), GROUPS);
        }
        if (context.isProtected()) {
            return signInFirst(request, context);
        }
        return context.doNothing();
    }

    /**
     * Sends the visitor to the sign-in page: a 302 for a page, and for a Faces ajax request (a poll or
     * a button after the session ended) the partial response that tells Faces' script to go there,
     * since an ajax call cannot follow a 302 to a page.
     */
    private static AuthenticationStatus signInFirst(HttpServletRequest request, HttpMessageContext context) {
        String signInPage = request.getContextPath() + SIGN_IN_PAGE;
        if (!"partial/ajax".equals(request.getHeader("Faces-Request"))) {
            return context.redirect(signInPage);
        }
        HttpServletResponse response = context.getResponse();
        try {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\"" + signInPage
                    + "\"/></partial-response>").getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/xml; charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.flushBuffer();
        } catch (IOException lost) {
            // the client went away
        }
        return AuthenticationStatus.SEND_CONTINUE;
    }

    private AuthenticationStatus signIn(HttpServletRequest request, HttpMessageContext context, UsernamePasswordCredential signIn) {
        String address = request.getRemoteAddr();
        if (!throttle.mayTry(address)) {
            audit(AuditAction.CONSOLE_SIGN_IN_FAILED, request, null, "refused: too many failed sign-ins from this address");
            return AuthenticationStatus.SEND_FAILURE;
        }
        Optional<ConsoleUser> user = users.authenticate(signIn.getCaller(), signIn.getPassword().getValue());
        if (user.isPresent() && user.get().role() == Role.ADMIN) {
            throttle.succeeded(address);
            request.getSession(true);
            request.changeSessionId();
            request.getSession().setAttribute(CALLER, user.get().name());
            audit(AuditAction.CONSOLE_SIGN_IN, request, user.get().name(), "signed in to the console");
            return context.notifyContainerAboutLogin(new CallerPrincipal(user.get().name()), GROUPS);
        }
        throttle.failed(address);
        // Only a known name is recorded: what was typed into the name field of a failed sign-in may be a password.
        audit(AuditAction.CONSOLE_SIGN_IN_FAILED, request, user.map(ConsoleUser::name).orElse(null),
                user.isPresent() ? "refused: the console is for administrators" : "refused: unknown name or wrong password");
        return AuthenticationStatus.SEND_FAILURE;
    }

    private void audit(AuditAction action, HttpServletRequest request, String principal, String detail) {
        auditTrail.recordOnItsOwn(new AuditEvent(action, CONSOLE, request.getRemoteAddr(), principal, detail, null, clock));
    }
}
