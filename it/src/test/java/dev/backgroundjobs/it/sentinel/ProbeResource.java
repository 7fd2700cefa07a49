package dev.backgroundjobs.it.sentinel;

import dev.backgroundjobs.JobEnqueueException;
import dev.backgroundjobs.JobQueue;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

/** Enqueues numbered probe jobs one call at a time, timing each, and reports the runs. */
@Path("/probe")
@Produces(MediaType.TEXT_PLAIN)
public class ProbeResource {

    @Inject
    JobQueue jobs;

    @Inject
    ProbeRuns runs;

    @GET
    @Path("/ready")
    public String ready() {
        return "ready";
    }

    /**
     * Enqueues jobs {@code from} to {@code from + count - 1}, each with its own call, and answers one line per
     * job Redis acknowledged, {@code sequence id microseconds epochMillis}; at the first call that throws it
     * stops, with a last line {@code failed sequence message}.
     */
    @POST
    @Path("/enqueue")
    public String enqueue(@QueryParam("from") int from, @QueryParam("count") int count) {
        StringBuilder answer = new StringBuilder();
        for (int sequence = from; sequence < from + count; sequence++) {
            long start = System.nanoTime();
            String id;
            try {
                id = jobs.enqueue(ProbeJob.class, sequence);
            } catch (JobEnqueueException e) {
                answer.append("failed ").append(sequence).append(' ').append(e.getMessage()).append('\n');
                break;
            }
            long micros = (System.nanoTime() - start) / 1_000;
            answer.append(sequence).append(' ').append(id).append(' ').append(micros).append(' ')
                    .append(System.currentTimeMillis()).append('\n');
        }
        return answer.toString();
    }

    @GET
    @Path("/runs")
    public String runs() {
        return runs.report();
    }

    /** The REST application of a probe deployment. */
    @ApplicationPath("/rest")
    public static class ProbeApplication extends Application {
    }
}
