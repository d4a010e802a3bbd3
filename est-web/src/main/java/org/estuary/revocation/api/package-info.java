/**
 * Revocation over HTTP: the admin API's revoke and bulk-revoke calls under
 * {@code /api/v1/est/certificates/}, and what relying parties fetch under {@code /.well-known/pki/},
 * on plain HTTP too: each issuer's CRL (RFC 5280) and its OCSP responder (RFC 6960, GET and POST).
 */
package org.estuary.revocation.api;
