package dev.backgroundjobs.it.benchmark;

import dev.backgroundjobs.JobQueue;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.concurrent.locks.LockSupport;

/** The producer of the sustained-rate run: enqueues at a steady rate from inside the server, as an application would. */
@Path("/paced")
public class PacedProducerResource {

    @Inject
    JobQueue jobs;

    /**
     * Enqueues {@code rate} no-op jobs a second, one by one, for {@code seconds}; each job has a due
     * time, so that a slow enqueue is made up by the next ones rather than lowering the rate. Returns
     * "jobs elapsedNanos mostBehindNanos" (how late the latest-sent job was against its due time).
     */
    @POST
    public String enqueue(@QueryParam("rate") int rate, @QueryParam("seconds") int seconds) {
        if (rate <= 0 || seconds <= 0) {
            throw new IllegalArgumentException("rate and seconds must be positive, were " + rate + " and " + seconds);
        }
        long count = (long) rate * seconds;
        long start = System.nanoTime();
        long mostBehind = 0;
        for (long i = 0; i < count; i++) {
            long due = start + i * 1_000_000_000L / rate;
            long early = due - System.nanoTime();
            if (early > 0) {
                LockSupport.parkNanos(early);
            } else {
                mostBehind = Math.max(mostBehind, -early);
            }
            jobs.enqueue(NoopJob.class, 0L);
        }
        return count + " " + (System.nanoTime() - start) + " " + mostBehind;
    }
}
