package org.estuary.health.api;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the database answers a read of Estuary's own schema within 2 s: a database that is
 * down, unreachable or stuck (locked, paused, out of connections) makes the server not ready, so
 * that a load balancer sends devices elsewhere instead of letting them wait for a 500. One probe at a
 * time: while one still hangs, the answer is "not ready" without starting another.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final long TIMEOUT_SECONDS = 2;

    @Resource(lookup = "java:app/jdbc/estuary")
    DataSource database;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private Future<Long> running;

    @Override
    public synchronized HealthCheckResponse call() {
        if (running == null || running.isDone()) {
            running = executor.submit(this::probe);
        }
        try {
            long crls = running.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return HealthCheckResponse.named("database").up().withData("published_crls", crls).build();
        } catch (TimeoutException stuck) {
            return HealthCheckResponse.named("database").down().withData("reason", "no answer within " + TIMEOUT_SECONDS + " s")
                    .build();
        } catch (ExecutionException failed) {
            return HealthCheckResponse.named("database").down().withData("reason", failed.getCause().getClass().getSimpleName())
                    .build();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named("database").down().withData("reason", "interrupted").build();
        }
    }

    private long probe() throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM crl_state")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
