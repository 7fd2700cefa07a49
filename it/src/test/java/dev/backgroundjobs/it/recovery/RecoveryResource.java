package dev.backgroundjobs.it.recovery;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.it.support.Recorder;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;

import java.util.stream.IntStream;

/** Lets client-side tests enqueue numbered jobs and read which numbers ran, duplicates included. */
@Path("/recovery")
public class RecoveryResource {

    @Inject
    JobQueue jobs;

    @Inject
    Recorder recorder;

    @POST
    @Path("/enqueue")
    public int enqueue(@QueryParam("topic") String topic, @QueryParam("count") int count,
            @QueryParam("millis") int millis) {
        return jobs.enqueueAll(IntStream.range(0, count)
                .mapToObj(i -> JobRequest.of(CountingJob.class, topic, i, millis)).toList()).size();
    }

    @GET
    @Path("/ran")
    public String ran(@QueryParam("topic") String topic) {
        return String.join(",", recorder.entries(topic).stream().map(Object::toString).toList());
    }

    /** The REST application of the recovery test deployments. */
    @ApplicationPath("/rest")
    public static class RecoveryApplication extends Application {
    }
}
