/**
 * The console's Pending approvals tab.
 */
package org.estuary.enrollment.console;
