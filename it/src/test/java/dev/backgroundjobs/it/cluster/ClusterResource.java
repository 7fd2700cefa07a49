package dev.backgroundjobs.it.cluster;

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

/** Enqueues numbered jobs over the test's queues, and says when the application is up. */
@Path("/cluster")
public class ClusterResource {

    @Inject
    JobQueue jobs;

    @GET
    @Path("/ready")
    public String ready() {
        return "ready";
    }

    /** Jobs {@code from} to {@code from + count - 1}, job N on queue c(N mod queues), in one call. */
    @POST
    @Path("/enqueue")
    public int enqueue(@QueryParam("from") int from, @QueryParam("count") int count, @QueryParam("queues") int queues,
            @QueryParam("millis") int millis) {
        return jobs.enqueueAll(IntStream.range(from, from + count)
                .mapToObj(n -> JobRequest.of(ClusterJob.class, n, millis).toQueue("c" + n % queues)).toList()).size();
    }

    /** The REST application of the cluster test deployment. */
    @ApplicationPath("/rest")
    public static class ClusterApplication extends Application {
    }
}
