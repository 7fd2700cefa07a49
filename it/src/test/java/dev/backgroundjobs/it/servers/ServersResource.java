package dev.backgroundjobs.it.servers;

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

/** Lets the two-servers test learn which server life answers and enqueue through that server's JobQueue. */
@Path("/servers")
public class ServersResource {

    @Inject
    JobQueue jobs;

    /** The server and the pid of its current life, as {@link RunLedger#self()}. */
    @GET
    @Path("/self")
    public String self() {
        return RunLedger.self();
    }

    /** {@code count} CountedJobs of {@code batch}, numbered from 0, in one atomic call; answers how many. */
    @POST
    @Path("/enqueue")
    public int enqueue(@QueryParam("batch") String batch, @QueryParam("count") int count, @QueryParam("millis") int millis) {
        return jobs.enqueueAll(IntStream.range(0, count).mapToObj(i -> JobRequest.of(CountedJob.class, batch, i, millis))
                .toList()).size();
    }

    /** Enqueues the unique job of {@code user}; answers the id JobQueue returned. */
    @POST
    @Path("/unique")
    public String unique(@QueryParam("user") long user) {
        return jobs.enqueue(HeldUniqueJob.class, user);
    }

    /** The REST application of the two-servers test deployment. */
    @ApplicationPath("/rest")
    public static class ServersApplication extends Application {
    }
}
