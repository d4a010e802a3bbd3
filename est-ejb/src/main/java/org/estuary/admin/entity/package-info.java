/** What the admin API's features share: {@link org.estuary.admin.entity.AdminRequestRefused}. */
package org.estuary.admin.entity;
