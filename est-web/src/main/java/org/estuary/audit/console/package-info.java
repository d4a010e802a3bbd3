/**
 * The console's Recent activity tab: the audit trail, newest first, by chip and page.
 */
package org.estuary.audit.console;
