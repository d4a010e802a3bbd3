/** The API over issued certificates: look one up by serial now; revocation comes here too. */
package org.estuary.ca.api;
