package dev.backgroundjobs.it.outbox;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Http;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data source jdbc/outboxPostgres of server.xml reaches the PostgreSQL the build started
 * (src/test/postgres/pg-ctl.sh) and takes part in JTA transactions: of two rows written by a deployment
 * in two transactions, the test sees over plain JDBC only the one whose transaction committed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PostgresDataSourceIT {

    static final String TABLE = "postgres_data_source_it";

    @ArquillianResource
    URL base;

    @Deployment
    static WebArchive deployment() {
        return Deployments.webArchive("postgres-data-source")
                .addClasses(PostgresWriteResource.class, PostgresWriteResource.PostgresApplication.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "background-jobs.namespace=it-postgres-ds",
                        "background-jobs.workers.enabled=false")), "META-INF/microprofile-config.properties");
    }

    static Connection postgres() throws SQLException {
        String url = System.getProperty("postgres.url");
        assertTrue(url != null && url.startsWith("jdbc:postgresql://127.0.0.1:"),
                "postgres.url is set by failsafe (run through Maven): " + url);
        return DriverManager.getConnection(url, "postgres", "");
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        try (Connection connection = postgres(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id SERIAL PRIMARY KEY, note TEXT NOT NULL)");
            statement.execute("DELETE FROM " + TABLE);
        }
    }

    @Test
    void aCommittedRowIsThereAndARolledBackOneIsNot() throws Exception {
        assertEquals("active committed", write("kept", false));
        assertEquals("active rolled back", write("dropped", true));

        assertEquals(List.of("kept"), notes());
    }

    @Test
    void theBuildsOwnServerAnswersNotTheMachinesDefaultOne() throws SQLException {
        try (Connection connection = postgres(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_database(), current_setting('port')")) {
            assertTrue(result.next());
            assertEquals("outbox", result.getString(1));
            assertEquals(System.getProperty("postgres.port"), result.getString(2));
        }
    }

    private List<String> notes() throws SQLException {
        List<String> notes = new ArrayList<>();
        try (Connection connection = postgres(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT note FROM " + TABLE + " ORDER BY id")) {
            while (rows.next()) {
                notes.add(rows.getString(1));
            }
        }
        return notes;
    }

    private String write(String note, boolean rollback) throws Exception {
        URI uri = URI.create(base.toString()).resolve("rest/postgres/write?table=" + TABLE + "&note="
                + URLEncoder.encode(note, StandardCharsets.UTF_8) + "&rollback=" + rollback);
        HttpResponse<String> response = Http.post(uri);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
