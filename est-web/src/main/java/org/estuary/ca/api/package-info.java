/** The API over issued certificates: look one up by serial (revoking is {@code org.estuary.revocation.api}). */
package org.estuary.ca.api;
