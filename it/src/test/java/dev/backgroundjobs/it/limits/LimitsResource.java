package dev.backgroundjobs.it.limits;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;

import java.util.stream.IntStream;

/** Lets the limits test see that a server is up, learn its process id and enqueue numbered jobs. */
@Path("/limits")
public class LimitsResource {

    @Inject
    JobQueue jobs;

    @GET
    @Path("/pid")
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @POST
    @Path("/rate")
    public int rate(@QueryParam("count") int count) {
        return jobs.enqueueAll(IntStream.range(0, count).mapToObj(i -> JobRequest.of(RateJob.class, i)).toList()).size();
    }

    @POST
    @Path("/slots")
    public int slots(@QueryParam("count") int count, @QueryParam("millis") int millis) {
        return jobs.enqueueAll(IntStream.range(0, count).mapToObj(i -> JobRequest.of(SlotJob.class, i, millis)).toList())
                .size();
    }

    /** The REST application of the limits test deployment. */
    @ApplicationPath("/rest")
    public static class LimitsApplication extends Application {
    }
}
