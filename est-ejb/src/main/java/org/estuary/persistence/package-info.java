/**
 * The database: the data source the persistence unit {@code estuary} runs on. The default is an
 * H2 file database in the data directory ({@code est.data.dir}); the schema is
 * {@code META-INF/sql/schema.sql}, idempotent, run by the JPA provider at every start.
 */
package org.estuary.persistence;
