package dev.backgroundjobs.demo;

import dev.backgroundjobs.JobBatch;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.stream.LongStream;

/**
 * Recomputes the friend suggestions of many users as one batch, whose progress the dashboard's
 * Batches section shows; its callback runs once all of them have ended.
 */
@Path("/suggestions")
@Produces(MediaType.APPLICATION_JSON)
public class SuggestionsResource {

    @Inject
    JobQueue jobs;

    @POST
    @Path("recompute")
    public Started recompute(@QueryParam("users") int users, @QueryParam("city") String city) {
        int count = users <= 0 ? 4 : Math.min(users, 100);
        List<JobRequest> requests = LongStream.rangeClosed(1, count)
                .mapToObj(user -> JobRequest.of(RecomputeFriendSuggestions.class, user, city == null ? "Springfield" : city))
                .toList();
        JobBatch batch = JobBatch.of(requests);
        return new Started(jobs.enqueueBatch(batch.onComplete(JobRequest.of(SuggestionsRecomputed.class, batch.id(), count))),
                count);
    }

    /** The batch sent and how many jobs it has. */
    public record Started(String batchId, int jobs) {
    }
}
