/**
 * What the TLS layer tells the application about the client: the certificate chain whose key the
 * handshake proved the client holds, and the connection's protocol and RFC 9266 tls-exporter channel
 * binding. The chain is not trusted here; each EST profile judges it. {@link TlsExporter} is the one
 * class that reaches into the container's internals.
 */
package org.estuary.auth.api;
