package dev.backgroundjobs.it.scheduling;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.RecurringJobs;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

/** Lets the client-side tests schedule jobs in either deployment. */
@Path("/scheduling")
public class SchedulingResource {

    @Inject
    JobQueue jobs;

    @Inject
    RecurringJobs recurring;

    /** Schedules {@code count} jobs due at one instant; returns that instant in epoch milliseconds. */
    @POST
    @Path("/delayed")
    public long delayed(@QueryParam("topic") String topic, @QueryParam("count") int count,
            @QueryParam("millis") long millis) {
        Instant due = Instant.now().plusMillis(millis);
        jobs.enqueueAll(IntStream.range(0, count).mapToObj(i -> JobRequest.of(MarkJob.class, topic, "job-" + i).at(due))
                .toList());
        return due.toEpochMilli();
    }

    @POST
    @Path("/later")
    public String later(@QueryParam("topic") String topic, @QueryParam("millis") long millis) {
        return jobs.enqueue(JobRequest.of(MarkJob.class, topic, "later").in(Duration.ofMillis(millis)));
    }

    @POST
    @Path("/cancel")
    public boolean cancel(@QueryParam("id") String id) {
        return jobs.cancel(id);
    }

    @GET
    @Path("/status")
    public String status(@QueryParam("id") String id) {
        return jobs.status(id).map(status -> status.state().name()).orElse("NONE");
    }

    @POST
    @Path("/unique")
    public String unique(@QueryParam("user") long user) {
        return jobs.enqueue(ProfileRecommendations.class, user, "profile changed");
    }

    @GET
    @Path("/recurring")
    public String recurring() {
        return recurring.list().stream()
                .map(job -> job.name() + " " + job.cron() + " next=" + job.nextRun().isPresent()).toList().toString();
    }

    /** The REST application of the scheduling test deployments. */
    @ApplicationPath("/rest")
    public static class SchedulingApplication extends Application {
    }
}
