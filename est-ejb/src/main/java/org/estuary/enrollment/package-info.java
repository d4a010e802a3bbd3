/**
 * Enrollment: RFC 7030 §4.1 (CA certificates) and §4.2 (simple enrollment). The boundary owns the
 * transaction: a certificate is returned only after it and its audit row have committed, and every
 * refusal leaves an audit row of its own.
 */
package org.estuary.enrollment;
