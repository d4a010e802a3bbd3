/**
 * Enrollment: RFC 7030 §4.1 (CA certificates), §4.2 (simple enrollment), §4.3 (the simple case of
 * Full CMC) and §4.4 (server-side key generation). The boundary owns the
 * transaction: a certificate is returned only after it and its audit row have committed, and every
 * refusal leaves an audit row of its own.
 */
package org.estuary.enrollment;
