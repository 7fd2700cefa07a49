package dev.backgroundjobs.it.lifecycle;

import dev.backgroundjobs.JobEnqueueException;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;

/** Lets client-side tests enqueue and see what ran. */
@Path("/probe")
public class ProbeResource {

    @Inject
    JobQueue jobs;

    @Inject
    Recorder recorder;

    @Inject
    TransactionalEcho transactional;

    @POST
    @Path("/echo")
    public Response echo(@QueryParam("text") String text) {
        try {
            return Response.ok(jobs.enqueue(EchoJob.class, text)).build();
        } catch (JobEnqueueException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(e.getMessage()).build();
        }
    }

    /** Enqueues inside a transaction: the request succeeds even while Redis is away, the job follows later. */
    @POST
    @Path("/echo-in-transaction")
    public String echoInTransaction(@QueryParam("text") String text) {
        return transactional.enqueue(text);
    }

    @GET
    @Path("/echoed")
    public String echoed() {
        return String.join(",", recorder.entries("echo").stream().map(Object::toString).toList());
    }

    /** The REST application of the lifecycle test deployments. */
    @ApplicationPath("/rest")
    public static class ProbeApplication extends Application {
    }
}
