package dev.backgroundjobs.it.interop;

import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.JobQueue;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;

import java.time.Instant;

/** Lets the client-side test send jobs through our JobQueue: for node-resque's worker, or delayed for ours. */
@Path("/node")
public class NodeResource {

    @Inject
    JobQueue jobs;

    /** {@code count} jobs named {@code job} for a worker of another language, one enqueue of JobRequest.named each. */
    @POST
    @Path("/by-name")
    public String byName(@QueryParam("queue") String queue, @QueryParam("job") String job,
            @QueryParam("prefix") String prefix, @QueryParam("count") int count) {
        for (int i = 0; i < count; i++) {
            jobs.enqueue(JobRequest.named(job, prefix + "-" + i).toQueue(queue));
        }
        return Integer.toString(count);
    }

    /** {@code count} PeerJobs due at the epoch second {@code at}, one enqueue of JobRequest.at each: their ids, a line each. */
    @POST
    @Path("/delayed")
    public String delayed(@QueryParam("at") long at, @QueryParam("prefix") String prefix,
            @QueryParam("count") int count) {
        Instant due = Instant.ofEpochSecond(at);
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < count; i++) {
            ids.append(jobs.enqueue(JobRequest.of(PeerJob.class, prefix + "-" + i).at(due))).append('\n');
        }
        return ids.toString();
    }

    /** The REST application of the node-resque test deployment. */
    @ApplicationPath("/rest")
    public static class NodeApplication extends Application {
    }
}
