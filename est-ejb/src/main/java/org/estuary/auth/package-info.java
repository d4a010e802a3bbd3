/**
 * Who may call what: the admin API keys now; Basic and mTLS gates, limiters and channel binding
 * per EST profile later. Secrets are compared in constant time and never logged.
 */
package org.estuary.auth;
