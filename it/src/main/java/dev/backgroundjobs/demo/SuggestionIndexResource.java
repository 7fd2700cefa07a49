package dev.backgroundjobs.demo;

import dev.backgroundjobs.JobQueue;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.core.MediaType;

/** Starts a rebuild of the suggestion index, a long job to watch (and cancel) in the dashboard. */
@Path("/suggestion-index")
@Produces(MediaType.APPLICATION_JSON)
public class SuggestionIndexResource {

    @Inject
    JobQueue jobs;

    @POST
    public String rebuild(@QueryParam("cities") @DefaultValue("60") int cities) {
        return Json.createObjectBuilder().add("jobId", jobs.enqueue(RebuildSuggestionIndex.class,
                Math.max(1, Math.min(cities, 1_000)))).build().toString();
    }
}
