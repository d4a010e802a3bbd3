/**
 * The EST wire boundary (RFC 7030 §3.2.2 paths under {@code /.well-known/est/}): media types, the
 * body size cap, the TLS facts of the request, one call into the enrollment boundary, and the
 * encoding of its answer. No crypto and no policy here.
 */
package org.estuary.enrollment.api;
