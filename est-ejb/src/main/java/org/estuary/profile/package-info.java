/**
 * EST profiles and certificate profiles. An EST profile (from MicroProfile Config) is where a fleet
 * enrolls: its path label, issuer, authentication and optional operations; with no labels
 * configured one profile serves the root {@code /.well-known/est/}. A certificate profile (stored,
 * managed through the admin API) is the policy its CSRs must meet; {@code CsrPolicy} is the one
 * class that applies it. A bad configuration stops the application at start.
 */
package org.estuary.profile;
