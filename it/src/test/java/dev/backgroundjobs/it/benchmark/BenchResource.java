package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs the server-side parts of the benchmark, timed inside the server. */
@Path("/bench")
public class BenchResource {

    @Inject
    JobQueue jobs;

    @Inject
    BenchProbe probe;

    /** Enqueues one by one from one thread; returns the elapsed nanoseconds. */
    @POST
    @Path("/enqueue")
    public long enqueue(@QueryParam("count") int count) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            jobs.enqueue(NoopJob.class, 0L);
        }
        return System.nanoTime() - start;
    }

    /** Enqueues in one batch, to the job's queue or to {@code queue}; returns the elapsed nanoseconds. */
    @POST
    @Path("/batch")
    public long batch(@QueryParam("count") int count, @QueryParam("queue") String queue) {
        List<JobRequest> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            JobRequest request = JobRequest.of(NoopJob.class, 0L);
            batch.add(queue == null ? request : request.toQueue(queue));
        }
        long start = System.nanoTime();
        jobs.enqueueAll(batch);
        return System.nanoTime() - start;
    }

    /** How many no-op jobs ran here, and the nanoseconds from the first start to the last finish. */
    @GET
    @Path("/drained")
    public String drained() {
        return probe.count() + " " + probe.elapsedNanos();
    }

    /**
     * A full collection, after which the JVM gives back heap that earlier measures grew (batches of
     * 100,000 jobs), as a server that only runs workers would not have it.
     */
    @POST
    @Path("/collect")
    public void collect() {
        System.gc();
    }

    /** Forgets the jobs that ran so far (those of a warm-up). */
    @POST
    @Path("/reset")
    public void reset() {
        probe.reset();
    }

    /**
     * Enqueues jobs one at a time to an idle worker; returns each pickup latency in nanoseconds. The
     * first {@code warmup} go without a pause and are not returned: this deployment's classes are new
     * to the JVM, and the path from enqueue to start runs compiled only after some thousand times.
     */
    @POST
    @Path("/pickup")
    public String pickup(@QueryParam("count") int count, @QueryParam("warmup") int warmup) throws InterruptedException {
        for (int i = 0; i < warmup; i++) {
            pickupOnce();
        }
        List<Long> latencies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Thread.sleep(20); // the worker is idle, blocked in its wait
            latencies.add(pickupOnce());
        }
        return latencies.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private long pickupOnce() throws InterruptedException {
        jobs.enqueue(NoopJob.class, System.nanoTime());
        return probe.awaitPickup(5, TimeUnit.SECONDS);
    }

    /** The REST application of the benchmark deployments. */
    @ApplicationPath("/rest")
    public static class BenchApplication extends Application {
    }
}
