/**
 * The console's Trust bundles tab and the expiry countdown that the Profiles tab shares.
 */
package org.estuary.auth.console;
