/**
 * est-bench: a command-line load generator for {@code simpleenroll} against a running Estuary on
 * loopback, and the in-process limit of the same work done by the server's own code.
 *
 * <p>Everything the client can do before the clock starts it does before: key pairs and CSRs are
 * made up front, keep-alive connections are open before a run begins. What is timed is the
 * server's answer, checked afterwards for the right certificate. The build only packages this
 * module; nothing in it runs during {@code verify} but its unit tests.
 */
package org.estuary.bench;
