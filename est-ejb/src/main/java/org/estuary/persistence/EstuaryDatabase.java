package org.estuary.persistence;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * Declares {@value #JNDI_NAME}. Only a {@code ${system.property}} placeholder resolves in this URL on
 * both Payara and WildFly, so the data directory comes in as the system property {@code est.data.dir}.
 */
@Singleton
@DataSourceDefinition(
        name = EstuaryDatabase.JNDI_NAME,
        className = "org.h2.jdbcx.JdbcDataSource",
        url = "jdbc:h2:${est.data.dir}/db/estuary;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
        user = "estuary",
        password = "",
        minPoolSize = 2,
        maxPoolSize = 32)
public class EstuaryDatabase {

    public static final String JNDI_NAME = "java:app/jdbc/estuary";
}
