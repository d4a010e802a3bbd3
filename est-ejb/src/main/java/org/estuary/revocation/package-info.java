/**
 * Revocation: an administrator revokes one certificate or every EST certificate meeting some
 * criteria; each issuer publishes a CRL (RFC 5280 §5), regenerated on a timer and soon after every
 * revocation, and answers OCSP (RFC 6960) from the record directly, so that a revocation shows at
 * once. The record itself is {@link org.estuary.ca.entity.IssuedCertificate}.
 */
package org.estuary.revocation;
