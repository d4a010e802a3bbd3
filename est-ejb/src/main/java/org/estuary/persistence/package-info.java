/**
 * The database: the data source the persistence unit {@code estuary} runs on. The default is an
 * H2 file database in the data directory ({@code est.data.dir}); the schema is created and
 * extended at start by the JPA provider (EclipseLink on Payara, Hibernate on WildFly).
 */
package org.estuary.persistence;
