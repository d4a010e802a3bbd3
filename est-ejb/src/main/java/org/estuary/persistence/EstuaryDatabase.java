package org.estuary.persistence;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * Declares {@value #JNDI_NAME} from system properties, the one placeholder form both Payara and
 * WildFly resolve in this annotation: {@code est.db.class} (the JDBC driver's DataSource class),
 * {@code est.db.url}, {@code est.db.user}, {@code est.db.password}. {@code server-config/prepare}
 * writes them: the H2 file database in the data directory by default, or what {@code EST_DB_CLASS},
 * {@code EST_DB_URL}, {@code EST_DB_USER} and {@code EST_DB_PASSWORD} name (e.g.
 * {@code org.postgresql.ds.PGSimpleDataSource} with a {@code jdbc:postgresql://} URL, the driver then
 * on the server's class path).
 */
@Singleton
@DataSourceDefinition(
        name = EstuaryDatabase.JNDI_NAME,
        className = "${est.db.class}",
        url = "${est.db.url}",
        user = "${est.db.user}",
        password = "${est.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32)
public class EstuaryDatabase {

    public static final String JNDI_NAME = "java:app/jdbc/estuary";
}
