/**
 * The admin REST API under {@code /api/v1/admin/}: JSON, bearer API keys with a role (Jakarta
 * Security: {@link org.estuary.admin.api.AdminAuthenticationMechanism} and the constraints of web.xml).
 * Each resource is thin: it calls one boundary, naming the caller's key as the actor.
 */
package org.estuary.admin.api;
