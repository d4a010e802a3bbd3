/**
 * Who may call what: the admin API keys, and per EST profile the HTTP Basic gate (RFC 7030
 * §3.2.3), RFC 9266 tls-exporter channel binding checked against the CSR (RFC 7030 §3.5); mTLS trust
 * bundles and limiters later. Secrets and proofs are compared in constant time and never logged.
 */
package org.estuary.auth;
