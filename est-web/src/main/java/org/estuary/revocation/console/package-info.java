/**
 * The console's bulk revocation, counted and confirmed before it runs.
 */
package org.estuary.revocation.console;
