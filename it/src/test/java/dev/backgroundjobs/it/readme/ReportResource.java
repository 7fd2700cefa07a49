package dev.backgroundjobs.it.readme;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.JobStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.concurrent.atomic.AtomicLong;

/** Starts a report in the background and tells how it is going. */
@Path("reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    private static final AtomicLong REPORTS = new AtomicLong();

    @Inject
    JobQueue jobs;

    @POST
    public Started start() {
        long reportId = REPORTS.incrementAndGet();
        return new Started(reportId, jobs.enqueue(JobRequest.of(RenderReport.class, reportId, 8)));
    }

    @GET
    @Path("jobs/{id}")
    public Progress status(@PathParam("id") String id) {
        JobStatus status = jobs.status(id).orElseThrow(() -> new NotFoundException("no job " + id));
        JobStatus.Progress progress = status.progress();
        return new Progress(id, status.state().name(), progress == null ? 0 : progress.percent(),
                progress == null ? "" : progress.message());
    }

    /** The answer to starting a report. */
    public record Started(long reportId, String jobId) {
    }

    /** A job's state and the progress it last reported. */
    public record Progress(String jobId, String state, int percent, String message) {
    }
}
