/**
 * The admin REST API under {@code /api/v1/admin/}: JSON, bearer admin API key. Each resource is
 * thin: it authorises through {@link org.estuary.admin.api.AdminApiKeyFilter} and calls one boundary.
 */
package org.estuary.admin.api;
