package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.annotation.Resource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readiness ({@code /health/ready}) inside the server: ready with the database answering and the CA
 * key signing; not ready, naming the database, while the database holds every other session back
 * (H2's exclusive mode, or a PostgreSQL table lock, as a locked or paused database would); ready again
 * when it lets go.
 */
@ExtendWith(ArquillianExtension.class)
class HealthIT {

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addClasses(HealthIT.class, TestClients.class);
    }

    @Resource(lookup = "java:app/jdbc/estuary")
    DataSource database;

    @Test
    void readinessFollowsTheDatabase() throws Exception {
        HttpResponse<String> ready = readiness();
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", check(ready, "database").getString("status"));
        assertEquals("signs", check(ready, "ca-keys").getJsonObject("data").getString("iss-local"));

        try (Connection exclusive = database.getConnection(); Statement statement = exclusive.createStatement()) {
            // Every other session waits: H2's exclusive mode, or PostgreSQL's strongest lock on the table the
            // readiness probe reads, held by an open transaction.
            boolean h2 = exclusive.getMetaData().getDatabaseProductName().equals("H2");
            if (h2) {
                statement.execute("SET EXCLUSIVE 1");
            } else {
                exclusive.setAutoCommit(false);
                statement.execute("LOCK TABLE crl_state IN ACCESS EXCLUSIVE MODE");
            }
            try {
                HttpResponse<String> stuck = readiness();
                assertEquals(503, stuck.statusCode(), stuck.body());
                assertEquals("DOWN", check(stuck, "database").getString("status"));
                assertEquals("UP", check(stuck, "ca-keys").getString("status"));
            } finally {
                if (h2) {
                    statement.execute("SET EXCLUSIVE 0");
                } else {
                    exclusive.rollback();
                    exclusive.setAutoCommit(true);
                }
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> again = readiness();
        while (again.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            again = readiness();
        }
        assertEquals(200, again.statusCode(), "ready again once the database answers: " + again.body());
    }

    private static HttpResponse<String> readiness() throws Exception {
        return TestClients.https(null, null).send(HttpRequest.newBuilder(URI.create("https://localhost:" + TestClients.httpsPort()
                + "/health/ready")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject check(HttpResponse<String> answer, String name) {
        return Json.createReader(new StringReader(answer.body())).readObject().getJsonArray("checks").getValuesAs(JsonObject.class)
                .stream().filter(check -> check.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + answer.body()));
    }
}
