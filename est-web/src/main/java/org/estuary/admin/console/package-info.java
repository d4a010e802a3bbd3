/**
 * The console's door: signing in and out ({@link org.estuary.admin.console.SignInView}), console
 * sessions for administrators ({@link org.estuary.admin.console.ConsoleAuthentication}, called by
 * the application's one authentication mechanism) and the security headers of every console page.
 * Each tab's backing bean lives in its own feature's {@code console} package and calls the same
 * boundaries as the admin API.
 */
package org.estuary.admin.console;
