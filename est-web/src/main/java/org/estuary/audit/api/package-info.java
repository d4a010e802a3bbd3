/** The audit trail over the admin API: {@link org.estuary.audit.api.AuditResource}. */
package org.estuary.audit.api;
