/** The admin API of certificate profiles. */
package org.estuary.profile.api;
