package dev.backgroundjobs.it.crash;

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

/** Lets the crash test see that the application is up and enqueue numbered jobs. */
@Path("/crash")
public class CrashResource {

    @Inject
    JobQueue jobs;

    @GET
    @Path("/ready")
    public String ready() {
        return "ready";
    }

    @POST
    @Path("/enqueue")
    public int enqueue(@QueryParam("count") int count, @QueryParam("millis") int millis) {
        return jobs.enqueueAll(IntStream.range(0, count).mapToObj(i -> JobRequest.of(TallyJob.class, i, millis)).toList())
                .size();
    }

    /** The REST application of the crash test deployment. */
    @ApplicationPath("/rest")
    public static class CrashApplication extends Application {
    }
}
