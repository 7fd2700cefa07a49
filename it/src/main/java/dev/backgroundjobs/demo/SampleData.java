package dev.backgroundjobs.demo;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the demo's table and two users when the application starts, unless a previous run did. */
@ApplicationScoped
public class SampleData {

    @Resource(lookup = "jdbc/demo")
    DataSource database;

    void create(@Observes @Initialized(ApplicationScoped.class) Object started) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            if (connection.getMetaData().getTables(null, null, "PROFILES", null).next()) {
                return;
            }
            statement.executeUpdate("CREATE TABLE profiles (id BIGINT PRIMARY KEY, name VARCHAR(100), city VARCHAR(100))");
            statement.executeUpdate("INSERT INTO profiles VALUES (1, 'Ada', 'London')");
            statement.executeUpdate("INSERT INTO profiles VALUES (2, 'Grace', 'New York')");
        }
    }
}
