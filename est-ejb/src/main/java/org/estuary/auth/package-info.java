/**
 * Who may call what: the admin API keys, and per EST profile the HTTP Basic gate (RFC 7030
 * §3.2.3); mTLS trust bundles, limiters and channel binding later. Secrets are compared in constant
 * time and never logged.
 */
package org.estuary.auth;
