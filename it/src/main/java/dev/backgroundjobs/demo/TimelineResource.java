package dev.backgroundjobs.demo;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The recent city changes and their jobs' lives, which the demo page polls. */
@Path("/timeline")
@Produces(MediaType.APPLICATION_JSON)
public class TimelineResource {

    @Inject
    JobTimeline timeline;

    @GET
    public List<JobTimeline.ChangeView> recent(@QueryParam("limit") @DefaultValue("5") int limit) {
        return timeline.recent(Math.max(1, Math.min(limit, JobTimeline.CHANGES)));
    }
}
