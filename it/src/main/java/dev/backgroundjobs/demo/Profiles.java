package dev.backgroundjobs.demo;

import dev.backgroundjobs.JobQueue;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The one step the user waits for: the profile update, in a database transaction. The three slow
 * follow-ups are posted as jobs in the same transaction, so they are sent only once it commits.
 */
@ApplicationScoped
public class Profiles {

    /** The names of the three jobs, in the order of their ids in {@link CityChanged#jobIds()}. */
    static final List<String> JOB_NAMES = List.of("RefreshProfileCache", "SendCityChangedMail", "RecomputeFriendSuggestions");

    @Resource(lookup = "jdbc/demo")
    DataSource database;

    @Inject
    JobQueue jobs;

    @Transactional
    public CityChanged changeCity(long userId, String newCity) throws SQLException {
        Profile before = find(userId).orElseThrow(() -> new UnknownProfileException(userId));
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE profiles SET city = ? WHERE id = ?")) {
            update.setString(1, newCity);
            update.setLong(2, userId);
            update.executeUpdate();
        }
        CityChange change = new CityChange(userId, before.name(), before.city(), newCity);
        List<String> jobIds = List.of(
                jobs.enqueue(RefreshProfileCache.class, userId),
                jobs.enqueue(SendCityChangedMail.class, change),
                jobs.enqueue(RecomputeFriendSuggestions.class, userId, newCity));
        return new CityChanged(change, jobIds);
    }

    public Optional<Profile> find(long userId) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, name, city FROM profiles WHERE id = ?")) {
            select.setLong(1, userId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Profile(row.getLong(1), row.getString(2), row.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** The answer to the request: what changed, and the ids of the jobs that follow it up. */
    public record CityChanged(CityChange change, List<String> jobIds) {
    }
}
