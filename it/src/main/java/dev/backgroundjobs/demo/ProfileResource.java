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
import java.util.List;

/** The demo's API: read a profile, change its city (returns at once), and list the jobs that ran. */
@Path("/profiles")
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    @Inject
    Profiles profiles;

    @Inject
    SlowWork work;

    @GET
    @Path("/{id}")
    public Profile get(@PathParam("id") long id) throws SQLException {
        return profiles.find(id).orElseThrow(() -> new NotFoundException("no profile with id " + id));
    }

    @PUT
    @Path("/{id}/city")
    @Consumes(MediaType.APPLICATION_JSON)
    public Profiles.CityChanged changeCity(@PathParam("id") long id, NewCity body) throws SQLException {
        try {
            return profiles.changeCity(id, body.city());
        } catch (UnknownProfileException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    @GET
    @Path("/activity")
    public List<SlowWork.Activity> activity() {
        return work.activities();
    }

    /** The request body of a city change. */
    public record NewCity(String city) {
    }
}
