/**
 * Expiry notifications (the reference guide's device-driven renewal model leaves renewal to devices;
 * this tells operators which ones have not renewed): the timer, and the record of what was announced.
 */
package org.estuary.notification.boundary;
