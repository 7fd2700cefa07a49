package dev.backgroundjobs.it.outbox;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;

/** Writes one row through jdbc/outboxPostgres inside a JTA transaction, then commits or rolls back. */
@Path("/postgres")
@RequestScoped
public class PostgresWriteResource {

    @Resource(lookup = "jdbc/outboxPostgres")
    DataSource outbox;

    @Resource
    UserTransaction transaction;

    /** Answers "active committed" (or "active rolled back") once the transaction ended. */
    @POST
    @Path("/write")
    public String write(@QueryParam("table") String table, @QueryParam("note") String note,
                        @QueryParam("rollback") boolean rollback) throws Exception {
        transaction.begin();
        String seen;
        try (Connection connection = outbox.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (note) VALUES (?)")) {
            insert.setString(1, note);
            insert.executeUpdate();
            // (Connection.getAutoCommit() says nothing here: Liberty answers the application's setting,
            // ignored while the connection is enlisted in the global transaction.)
            seen = transaction.getStatus() == Status.STATUS_ACTIVE ? "active" : "status " + transaction.getStatus();
        } catch (Exception e) {
            transaction.rollback();
            throw e;
        }
        if (rollback) {
            transaction.rollback();
            return seen + " rolled back";
        }
        transaction.commit();
        return seen + " committed";
    }

    /** The REST application of the test deployment. */
    @ApplicationPath("/rest")
    public static class PostgresApplication extends Application {
    }
}
