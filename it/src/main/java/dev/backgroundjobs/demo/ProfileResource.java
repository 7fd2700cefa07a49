package dev.backgroundjobs.demo;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The demo's API: read a profile, change its city (returns at once), and list the jobs that ran. */
@Path("/profiles")
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    @Inject
    Profiles profiles;

    @Inject
    SlowWork work;

    @Inject
    JobTimeline timeline;

    @GET
    @Path("/{id}")
    public Profile get(@PathParam("id") long id) throws SQLException {
        return profiles.find(id).orElseThrow(() -> new NotFoundException("no profile with id " + id));
    }

    @PUT
    @Path("/{id}/city")
    @Consumes(MediaType.APPLICATION_JSON)
    public Answer changeCity(@PathParam("id") long id, NewCity body) throws SQLException {
        Instant received = Instant.now();
        Profiles.CityChanged changed;
        try {
            changed = profiles.changeCity(id, body.city());
        } catch (UnknownProfileException e) {
            throw new NotFoundException(e.getMessage());
        }
        Instant answered = Instant.now();
        long changeId = timeline.changed(changed.change(), received, answered, changed.jobIds(), Profiles.JOB_NAMES);
        return new Answer(changeId, changed.change(), changed.jobIds(), answered.toEpochMilli() - received.toEpochMilli());
    }

    @GET
    @Path("/activity")
    public List<SlowWork.Activity> activity() {
        return work.activities();
    }

    /**
     * The answer to a city change: what changed, the ids of the jobs that follow it up, and how long the
     * server took (the update and its commit, after which the jobs were sent). {@code changeId} names it
     * in {@code api/timeline}.
     */
    public record Answer(long changeId, CityChange change, List<String> jobIds, long serverMillis) {
    }

    /** The request body of a city change. */
    public record NewCity(String city) {
    }
}
