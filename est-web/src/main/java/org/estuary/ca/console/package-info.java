/**
 * The console's Certificates tab: search, detail and revocation of one certificate.
 */
package org.estuary.ca.console;
