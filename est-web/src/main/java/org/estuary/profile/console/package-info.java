/**
 * The console's Profiles tab (cards, counters, trust reload) and certificate profile editor.
 */
package org.estuary.profile.console;
