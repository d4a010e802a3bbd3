package org.estuary.auth.api;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.estuary.enrollment.entity.TlsSession;

/**
 * The TLS session of the connection a request came over, and its RFC 9266 {@code tls-exporter}
 * channel binding. The servlet API exposes neither the session nor the protocol, so this class reaches
 * into Payara's internals; it is the only place that does, and it fails loudly (with an
 * {@link IllegalStateException} naming the step) rather than answer nothing when those internals
 * change, so that the integration test catches a container upgrade.
 *
 * <p>The path on Payara 6 (Catalina on Grizzly), all public methods called by reflection so that
 * nothing here compiles against the container: through servlet wrappers and the HK2 proxy Jersey
 * injects for {@code @Context HttpServletRequest} ({@code org.glassfish.hk2.api.ProxyCtl.__make()}) to
 * {@code org.apache.catalina.connector.RequestFacade
 * .getUnwrappedCoyoteRequest()} → {@code org.apache.catalina.connector.Request.getCoyoteRequest()} →
 * {@code org.glassfish.grizzly.http.server.Request.getConnection()} →
 * {@code org.glassfish.grizzly.ssl.SSLUtils.getSSLEngine(Connection)} → {@code SSLEngine.getSession()}.
 *
 * <p>Exporting keying material needs {@code ExtendedSSLSession.exportKeyingMaterialData}, which Java
 * has only since 25; it is called by reflection because the code base compiles for 17.
 */
public final class TlsExporter {

    /** RFC 9266 §2: 'The ASCII string "EXPORTER-Channel-Binding" with no terminating NUL.' */
    static final String LABEL = "EXPORTER-Channel-Binding";

    private static final String HK2_PROXY = "org.glassfish.hk2.api.ProxyCtl";
    private static final String GRIZZLY_CONNECTION = "org.glassfish.grizzly.Connection";
    private static final String GRIZZLY_SSL_UTILS = "org.glassfish.grizzly.ssl.SSLUtils";
    private static final String PATH = "ProxyCtl.__make() → RequestFacade.getUnwrappedCoyoteRequest() → Request.getCoyoteRequest() → "
            + "grizzly Request.getConnection() → SSLUtils.getSSLEngine(connection)";

    /** {@code ExtendedSSLSession.exportKeyingMaterialData(String, byte[], int)}, or null before Java 25. */
    private static final Method EXPORT = exportMethod();

    private TlsExporter() {
    }

    /** Whether this JVM can export TLS keying material, that is whether channel binding can be checked at all. */
    public static boolean available() {
        return EXPORT != null;
    }

    /** Why channel binding cannot be checked on this JVM, in words fit for a start-up refusal. */
    public static String unavailableReason() {
        return "RFC 9266 channel binding needs Java 25 or later (ExtendedSSLSession.exportKeyingMaterialData); "
                + "this server runs Java " + Runtime.version();
    }

    /**
     * The protocol and, over TLS 1.3, the tls-exporter value of the connection {@code request} came
     * over; empty over plain HTTP. Below TLS 1.3 no exporter is taken (RFC 9266 §4.2).
     *
     * @throws IllegalStateException when the container's internals are not what this class knows, or
     *     when the connection is TLS 1.3 and this JVM cannot export keying material (before Java 25)
     */
    public static Optional<TlsSession> of(ServletRequest request) {
        if (!request.isSecure()) {
            return Optional.empty();
        }
        return Optional.of(of(sslSessionOf(request)));
    }

    /** The facts of one TLS session: its protocol, and its exporter when it is TLS 1.3. */
    static TlsSession of(SSLSession session) {
        String protocol = session.getProtocol();
        if (!TlsSession.TLS_1_3.equals(protocol)) {
            return TlsSession.withoutExporter(protocol);
        }
        return new TlsSession(protocol, export(session));
    }

    /** RFC 9266 §2: the label, a zero-length context, 32 bytes (in TLS 1.3 no context and an empty one are the same, RFC 8446 §7.5). */
    static byte[] export(SSLSession session) {
        if (EXPORT == null) {
            throw new IllegalStateException(unavailableReason());
        }
        if (!(session instanceof ExtendedSSLSession)) {
            throw new IllegalStateException("the TLS session is a " + session.getClass().getName()
                    + ", not an ExtendedSSLSession: cannot export keying material");
        }
        try {
            return (byte[]) EXPORT.invoke(session, LABEL, new byte[0], TlsSession.EXPORTER_LENGTH);
        } catch (InvocationTargetException refused) {
            throw new IllegalStateException("the TLS layer refused to export keying material for a "
                    + session.getProtocol() + " session", refused.getCause());
        } catch (IllegalAccessException unexpected) {
            throw new IllegalStateException("cannot call " + EXPORT, unexpected);
        }
    }

    /** The SSLSession behind {@code request}: container internals, see the class comment. */
    static SSLSession sslSessionOf(ServletRequest request) {
        Object catalinaRequest = call(unwrap(request), "getUnwrappedCoyoteRequest");
        Object grizzlyRequest = call(catalinaRequest, "getCoyoteRequest");
        Object connection = call(grizzlyRequest, "getConnection");
        Object engine;
        try {
            ClassLoader loader = connection.getClass().getClassLoader();
            Class<?> connectionType = Class.forName(GRIZZLY_CONNECTION, false, loader);
            Method getSslEngine = Class.forName(GRIZZLY_SSL_UTILS, false, loader).getMethod("getSSLEngine", connectionType);
            engine = getSslEngine.invoke(null, connection);
        } catch (ReflectiveOperationException | LinkageError changed) {
            throw containerChanged("SSLUtils.getSSLEngine(" + connection.getClass().getName() + ")", changed);
        }
        if (!(engine instanceof SSLEngine ssl)) {
            throw new IllegalStateException("the request is secure but its Grizzly connection "
                    + connection.getClass().getName() + " has no SSLEngine (" + engine + "): TLS ended before Payara, "
                    + "or the container changed; reached by " + PATH);
        }
        return ssl.getSession();
    }

    /**
     * The container's own request under servlet wrappers and under the HK2 proxy that Jersey injects for
     * {@code @Context HttpServletRequest} (a {@code java.lang.reflect.Proxy} implementing
     * {@code org.glassfish.hk2.api.ProxyCtl}, whose {@code __make()} answers the current request).
     */
    private static Object unwrap(ServletRequest request) {
        Object unwrapped = request;
        for (int depth = 0; depth < 16; depth++) {
            if (unwrapped instanceof ServletRequestWrapper wrapper) {
                unwrapped = wrapper.getRequest();
            } else if (Proxy.isProxyClass(unwrapped.getClass())) {
                unwrapped = call(unwrapped, interfaceNamed(unwrapped, HK2_PROXY), "__make");
            } else {
                return unwrapped;
            }
        }
        throw containerChanged("unwrapping " + describe(request), null);
    }

    private static Class<?> interfaceNamed(Object proxy, String name) {
        for (Class<?> type : proxy.getClass().getInterfaces()) {
            if (type.getName().equals(name)) {
                return type;
            }
        }
        throw containerChanged(describe(proxy) + ", not an " + name, null);
    }

    private static Object call(Object target, String name) {
        return call(target, target.getClass(), name);
    }

    /** {@code target.name()}, a public no-argument method of a container class; never null. */
    private static Object call(Object target, Class<?> type, String name) {
        Object result;
        try {
            Method method = type.getMethod(name);
            try {
                result = method.invoke(target);
            } catch (IllegalAccessException declaredInAHiddenClass) {
                method.setAccessible(true);
                result = method.invoke(target);
            }
        } catch (ReflectiveOperationException | RuntimeException changed) {
            throw containerChanged(describe(target) + "." + name + "()", changed);
        }
        if (result == null) {
            throw containerChanged(describe(target) + "." + name + "() answered null", null);
        }
        return result;
    }

    private static String describe(Object target) {
        if (Proxy.isProxyClass(target.getClass())) {
            return target.getClass().getName() + Arrays.toString(target.getClass().getInterfaces()) + " handled by "
                    + Proxy.getInvocationHandler(target).getClass().getName();
        }
        return target.getClass().getName();
    }

    private static IllegalStateException containerChanged(String step, Throwable cause) {
        return new IllegalStateException("cannot reach the TLS session of a request through the container (at " + step
                + "); TlsExporter knows Payara 6 (" + PATH + ") and must be adapted to this container", cause);
    }

    private static Method exportMethod() {
        try {
            return ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class, byte[].class, int.class);
        } catch (NoSuchMethodException beforeJava25) {
            return null;
        }
    }
}
