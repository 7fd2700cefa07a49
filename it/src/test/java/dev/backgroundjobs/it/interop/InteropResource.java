package dev.backgroundjobs.it.interop;

import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;

/** Lets the client-side test see what our workers ran and enqueue for the Jesque worker. */
@Path("/interop")
public class InteropResource {

    @Inject
    JobQueue jobs;

    @Inject
    Recorder recorder;

    @GET
    @Path("/greetings")
    public String greetings() {
        return String.join("|", recorder.entries("greetings").stream().map(Object::toString).toList());
    }

    @POST
    @Path("/for-jesque")
    public String enqueueForJesque(@QueryParam("name") String name) {
        return jobs.enqueue(JobRequest.named("JesqueSideJob", name, 3).toQueue("jesque"));
    }

    /** The REST application of the interop test deployment. */
    @ApplicationPath("/rest")
    public static class InteropApplication extends Application {
    }
}
