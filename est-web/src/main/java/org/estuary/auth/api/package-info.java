/**
 * What the TLS layer tells the application about the client: the certificate chain whose key the
 * handshake proved the client holds. The chain is not trusted here; each EST profile judges it.
 */
package org.estuary.auth.api;
