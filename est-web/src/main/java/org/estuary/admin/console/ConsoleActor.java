package org.estuary.admin.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/** The administrator behind a console request, as audit rows name them, and the messages the page shows them. */
@RequestScoped
public class ConsoleActor {

    @Inject
    HttpServletRequest request;

    @Inject
    FacesContext faces;

    public String name() {
        return request.getUserPrincipal().getName();
    }

    public String address() {
        return request.getRemoteAddr();
    }

    /** A message for the component {@code clientId} ({@code null}: the page's). */
    public void tell(String clientId, FacesMessage.Severity severity, String text) {
        faces.addMessage(clientId, new FacesMessage(severity, text, null));
    }
}
