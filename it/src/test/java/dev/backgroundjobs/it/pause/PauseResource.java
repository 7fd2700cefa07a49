package dev.backgroundjobs.it.pause;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;

import java.util.ArrayList;
import java.util.List;

/** Lets the pause test see that the application is up and enqueue its jobs through JobQueue. */
@Path("/pause")
public class PauseResource {

    static final String OPEN = "open";
    static final String FROZEN = "frozen";

    @Inject
    JobQueue jobs;

    @GET
    @Path("/ready")
    public String ready() {
        return "ready";
    }

    /**
     * {@code count} rounds of a HeldJob then a FreeJob on the open queue, and a FrozenJob on the frozen
     * queue, tokens held-N, free-N and frozen-N from {@code from}; answers how many were enqueued.
     */
    @POST
    @Path("/enqueue")
    public int enqueue(@QueryParam("from") int from, @QueryParam("count") int count) {
        List<JobRequest> requests = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            requests.add(JobRequest.of(HeldJob.class, "held-" + i));
            requests.add(JobRequest.of(FreeJob.class, "free-" + i));
            requests.add(JobRequest.of(FrozenJob.class, "frozen-" + i));
        }
        return jobs.enqueueAll(requests).size();
    }

    /** The REST application of the pause test deployment. */
    @ApplicationPath("/rest")
    public static class PauseApplication extends Application {
    }
}
