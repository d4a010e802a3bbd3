/**
 * {@code est}, the command-line EST client: {@code cacerts}, {@code csrattrs}, {@code enroll},
 * {@code reenroll}, {@code serverkeygen} and {@code test} against any RFC 7030 server, built on Bouncy
 * Castle's EST client ({@link org.bouncycastle.est.ESTService}) and, for server-generated keys, on
 * the server's own wire codecs. {@link org.estuary.cli.Est} is the entry point; exit codes are in
 * {@link org.estuary.cli.ExitCode}.
 */
package org.estuary.cli;
