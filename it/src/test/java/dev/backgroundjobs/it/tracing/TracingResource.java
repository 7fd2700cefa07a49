package dev.backgroundjobs.it.tracing;

import dev.backgroundjobs.JobQueue;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;

/** The REST requests whose server spans the job spans must hang under. */
@Path("/tracing")
public class TracingResource {

    @Inject
    JobQueue jobs;

    @GET
    @Path("/ready")
    public String ready() {
        return "ready";
    }

    /** Sent at once, outside a transaction. */
    @POST
    @Path("/now")
    public String now() {
        return jobs.enqueue(TracedJob.class, "now");
    }

    /** Held until the commit, then sent. */
    @POST
    @Path("/after-commit")
    @Transactional
    public String afterCommit() {
        return jobs.enqueue(TracedJob.class, "after-commit");
    }

    @POST
    @Path("/fails-once")
    public String failsOnce() {
        return jobs.enqueue(FailsOnceJob.class, "fails-once");
    }

    /** The REST application of the tracing test deployment. */
    @ApplicationPath("/rest")
    public static class TracingApplication extends Application {
    }
}
