package dev.backgroundjobs.internal.admin;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import dev.backgroundjobs.FailedJob;
import dev.backgroundjobs.FailedJobs;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobStatus;
import dev.backgroundjobs.RecurringJobs;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.config.ConfigKeys;
import dev.backgroundjobs.internal.common.Digests;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.common.QueueNames;
import dev.backgroundjobs.internal.monitor.QueueWatch;
import dev.backgroundjobs.internal.common.JsonText;
import dev.backgroundjobs.internal.redis.Cancellations;
import dev.backgroundjobs.internal.redis.BatchStore;
import dev.backgroundjobs.internal.redis.QueueStore;
import dev.backgroundjobs.internal.redis.PauseStore;
import dev.backgroundjobs.internal.redis.RunProgress;
import dev.backgroundjobs.internal.redis.RedisInspector;
import dev.backgroundjobs.internal.worker.WorkerSupervisor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;

/**
 * The admin API, JSON over HTTP: what the queues, workers and jobs are doing, and the operator's
 * actions on failed jobs, on this server's pools, and on the queues and job names of every server.
 * Access is decided by {@link AdminAccessFilter}; a request it did not pass is answered as if nothing
 * were here.
 */
@Path("api")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class AdminResource {

    private static final int MAX_PAGE = 100;
    private static final Logger LOG = Logger.getLogger(AdminResource.class.getName());

    @Context
    HttpServletRequest request;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    RedisInspector inspector;

    @Inject
    QueueWatch queueWatch;

    @Inject
    QueueStore queues;

    @Inject
    WorkerSupervisor supervisor;

    @Inject
    FailedJobs failedJobs;

    @Inject
    RecurringJobs recurringJobs;

    @Inject
    JobQueue jobQueue;

    @Inject
    BatchStore batches;

    @Inject
    PauseStore pauses;

    @Inject
    Cancellations cancellations;

    @Inject
    RunProgress runProgress;

    static void requireGranted(HttpServletRequest request) {
        if (request.getAttribute(AdminAccessFilter.GRANTED) == null) {
            throw new NotFoundException();
        }
    }

    @GET
    @Path("me")
    public Response me() {
        requireGranted(request);
        return ok(JSON.createObjectBuilder().add("user", request.getUserPrincipal().getName())
                .add("canWrite", request.isUserInRole(config.admin().writeRole())));
    }

    @GET
    @Path("overview")
    public Response overview() {
        requireGranted(request);
        Duration latency = queues.ping();
        RedisInspector.Totals totals = inspector.totals();
        QueueWatch.Snapshot queues = queueWatch.snapshot();
        List<RedisInspector.WorkerInfo> workers = inspector.workers();
        RunProgress.Unrun unrun = runProgress.unrun();
        JsonArrayBuilder unattended = JSON.createArrayBuilder();
        queues.unattended().forEach(unattended::add);
        return ok(JSON.createObjectBuilder()
                .add("processed", totals.processed())
                .add("failed", totals.failed())
                .add("failedJobs", totals.failedJobs())
                .add("queued", queues.queues().stream().mapToLong(QueueWatch.QueueState::size).sum())
                .add("busyWorkers", workers.stream().filter(worker -> worker.job() != null).count())
                .add("workers", workers.size())
                .add("delayed", totals.delayed())
                .add("retrying", totals.retrying())
                .add("cancelled", unrun.cancelled())
                .add("expired", unrun.expired())
                .add("unattendedQueues", unattended)
                .add("redisLatencyMicros", latency.toNanos() / 1_000));
    }

    @GET
    @Path("queues")
    public Response queues() {
        requireGranted(request);
        Instant now = Instant.now();
        PauseStore.Paused paused = pauses.paused();
        JsonArrayBuilder queues = JSON.createArrayBuilder();
        queueWatch.snapshot().queues().forEach(queue -> queues.add(JsonViews.queue(queue, now,
                paused.queuePaused(queue.name()))));
        return ok(queues);
    }

    @POST
    @Path("queues/{name}/pause")
    public Response pauseQueue(@PathParam("name") String name) {
        return setQueuePaused(name, true);
    }

    @POST
    @Path("queues/{name}/resume")
    public Response resumeQueue(@PathParam("name") String name) {
        return setQueuePaused(name, false);
    }

    private Response setQueuePaused(String name, boolean paused) {
        requireGranted(request);
        if (!QueueNames.isValid(name)) {
            return error(Response.Status.BAD_REQUEST, "'" + name + "' is not a valid queue name");
        }
        String by = request.getUserPrincipal().getName();
        if (paused ? pauses.pause(PauseStore.Kind.QUEUE, name, by) : pauses.resume(PauseStore.Kind.QUEUE, name).isPresent()) {
            LOG.info(paused ? Messages.queuePaused(name, by) : Messages.queueResumed(name, by));
        }
        QueueWatch.QueueState state = queueWatch.snapshot().queues().stream()
                .filter(queue -> queue.name().equals(name)).findFirst()
                .orElse(new QueueWatch.QueueState(name, 0, Optional.empty(), 0, Optional.empty()));
        return ok(JsonViews.queue(state, Instant.now(), pauses.paused().queuePaused(name)));
    }

    /** The queues and job names paused on every server, with who paused them, when, and the jobs held. */
    @GET
    @Path("pauses")
    public Response paused() {
        requireGranted(request);
        return ok(PauseViews.paused(pauses.paused()));
    }

    @POST
    @Path("job-names/{name}/pause")
    public Response pauseJobName(@PathParam("name") String name) {
        return setJobNamePaused(name, true);
    }

    @POST
    @Path("job-names/{name}/resume")
    public Response resumeJobName(@PathParam("name") String name) {
        return setJobNamePaused(name, false);
    }

    private Response setJobNamePaused(String name, boolean paused) {
        requireGranted(request);
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            return error(Response.Status.BAD_REQUEST, "'" + name + "' is not a valid job name: a job name (the payload's "
                    + "class) is not blank and has no whitespace");
        }
        String by = request.getUserPrincipal().getName();
        OptionalLong putBack = OptionalLong.empty();
        if (paused) {
            if (pauses.pause(PauseStore.Kind.JOB, name, by)) {
                LOG.info(Messages.jobNamePaused(name, by));
            }
        } else {
            putBack = pauses.resume(PauseStore.Kind.JOB, name);
            putBack.ifPresent(count -> LOG.info(Messages.jobNameResumed(name, by, count)));
        }
        return ok(PauseViews.jobName(name, pauses.paused(), putBack));
    }

    @GET
    @Path("pools")
    public Response pools() {
        requireGranted(request);
        JsonArrayBuilder pools = JSON.createArrayBuilder();
        supervisor.pools().forEach(pool -> pools.add(JsonViews.pool(pool)));
        return ok(pools);
    }

    @POST
    @Path("pools/{name}/pause")
    public Response pausePool(@PathParam("name") String name) {
        return setPoolPaused(name, true);
    }

    @POST
    @Path("pools/{name}/resume")
    public Response resumePool(@PathParam("name") String name) {
        return setPoolPaused(name, false);
    }

    private Response setPoolPaused(String name, boolean paused) {
        requireGranted(request);
        if (!supervisor.pausePool(name, paused)) {
            return error(Response.Status.NOT_FOUND, "this server has no worker pool named '" + name + "'");
        }
        return supervisor.pools().stream().filter(pool -> pool.name().equals(name)).findFirst()
                .map(pool -> ok(JsonViews.pool(pool))).orElseThrow();
    }

    @GET
    @Path("workers")
    public Response workers() {
        requireGranted(request);
        JsonArrayBuilder workers = JSON.createArrayBuilder();
        List<RedisInspector.WorkerInfo> found = inspector.workers();
        // The progress of every running job in one more call, so the panel shows it live.
        Map<String, String> jobIds = new HashMap<>();
        found.forEach(worker -> currentJobId(worker).ifPresent(id -> jobIds.put(worker.id(), id)));
        Map<String, JobStatus.Progress> progress = runProgress.of(List.copyOf(new HashSet<>(jobIds.values())));
        found.forEach(worker -> {
            String jobId = jobIds.get(worker.id());
            workers.add(JsonViews.worker(worker, jobId == null ? null : progress.get(jobId)));
        });
        return ok(workers);
    }

    private static Optional<String> currentJobId(RedisInspector.WorkerInfo worker) {
        return Optional.ofNullable(worker.job()).flatMap(JsonText::object)
                .filter(current -> current.get("payload") instanceof JsonObject)
                .map(current -> JsonText.string(current.getJsonObject("payload"), "id"));
    }

    @GET
    @Path("throughput")
    public Response throughput(@QueryParam("minutes") @DefaultValue("60") int minutes) {
        requireGranted(request);
        if (minutes < 1 || minutes > 120) {
            return error(Response.Status.BAD_REQUEST, "minutes must be between 1 and 120 (runs are counted for two "
                    + "hours), was " + minutes);
        }
        JsonArrayBuilder series = JSON.createArrayBuilder();
        inspector.throughput(minutes, Instant.now()).forEach(minute -> series.add(JSON.createObjectBuilder()
                .add("at", minute.start().toString()).add("processed", minute.processed()).add("failed", minute.failed())));
        return ok(JSON.createObjectBuilder().add("minutes", series));
    }

    @GET
    @Path("failed")
    public Response failed(@QueryParam("offset") @DefaultValue("0") long offset,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        requireGranted(request);
        Optional<Response> invalid = invalidPage(offset, limit);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        JsonArrayBuilder items = JSON.createArrayBuilder();
        failedJobs.list(offset, limit).forEach(job -> items.add(JsonViews.failed(job, digest(job))));
        return ok(JSON.createObjectBuilder().add("total", failedJobs.count()).add("offset", offset).add("limit", limit)
                .add("items", items));
    }

    @POST
    @Path("failed/{index}/retry")
    public Response retryFailed(@PathParam("index") long index, @QueryParam("digest") String digest) {
        requireGranted(request);
        Optional<FailedJob> job = failedAt(index, digest);
        try {
            if (job.isEmpty() || !failedJobs.retry(job.get())) {
                return changedMeanwhile(index);
            }
        } catch (IllegalArgumentException notRetryable) {
            // A record that names no queue, or is not a job, stays as it is (BGJ0034E says why).
            return error(Response.Status.BAD_REQUEST, notRetryable.getMessage());
        }
        return ok(JSON.createObjectBuilder().add("retried", true));
    }

    @DELETE
    @Path("failed/{index}")
    public Response deleteFailed(@PathParam("index") long index, @QueryParam("digest") String digest) {
        requireGranted(request);
        Optional<FailedJob> job = failedAt(index, digest);
        if (job.isEmpty() || !failedJobs.delete(job.get())) {
            return changedMeanwhile(index);
        }
        return ok(JSON.createObjectBuilder().add("deleted", true));
    }

    @POST
    @Path("failed/retry-all")
    public Response retryAllFailed() {
        requireGranted(request);
        return ok(JSON.createObjectBuilder().add("retried", failedJobs.retryAll()));
    }

    @DELETE
    @Path("failed")
    public Response clearFailed() {
        requireGranted(request);
        failedJobs.clear();
        return ok(JSON.createObjectBuilder().add("cleared", true));
    }

    @GET
    @Path("delayed")
    public Response delayed(@QueryParam("offset") @DefaultValue("0") long offset,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        requireGranted(request);
        return invalidPage(offset, limit).orElseGet(() -> ok(JsonViews.waiting(inspector.delayed(offset, limit), "runAt")));
    }

    @GET
    @Path("retrying")
    public Response retrying(@QueryParam("offset") @DefaultValue("0") long offset,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        requireGranted(request);
        return invalidPage(offset, limit).orElseGet(() -> ok(JsonViews.waiting(inspector.retrying(offset, limit), "dueAt")));
    }

    @GET
    @Path("recurring")
    public Response recurring() {
        requireGranted(request);
        JsonArrayBuilder jobs = JSON.createArrayBuilder();
        recurringJobs.list().forEach(job -> jobs.add(JsonViews.recurring(job)));
        return ok(jobs);
    }

    @GET
    @Path("jobs/{id}")
    public Response job(@PathParam("id") String id) {
        requireGranted(request);
        return jobQueue.status(id).map(status -> ok(JsonViews.status(status)))
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "no status for job " + id + ": it is not running"
                        + " and its status is not tracked (only jobs with @BackgroundJob(trackStatus = true) or named by "
                        + ConfigKeys.TRACK_STATUS + " keep one), or it expired " + config.statusTtl()
                        + " after its last change, or the id is unknown"));
    }

    /**
     * Cancels the job wherever it is; 404 when it is nowhere a cancel reaches. {@code found} says what was
     * done: delayed, removed (from its queue), marked (to be discarded when taken) or running (asked to stop).
     */
    @POST
    @Path("jobs/{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        requireGranted(request);
        Cancellations.Found found = cancellations.cancel(id);
        if (found == Cancellations.Found.NONE) {
            return error(Response.Status.NOT_FOUND, "job " + id + " is not delayed, queued or running here to cancel: "
                    + "it ended, expired, is unknown, or is untracked and more than " + Cancellations.SCAN_LIMIT
                    + " entries down its queue");
        }
        return ok(JSON.createObjectBuilder().add("cancelled", true)
                .add("found", found.name().toLowerCase(Locale.ROOT)));
    }

    @GET
    @Path("batches")
    public Response batchList() {
        requireGranted(request);
        return ok(BatchViews.list(batches));
    }

    @GET
    @Path("batches/{id}")
    public Response batch(@PathParam("id") String id) {
        requireGranted(request);
        return batches.status(id).map(status -> ok(BatchViews.batch(status)))
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "no batch " + id + ": the id is unknown, or the batch"
                        + " completed more than " + config.statusTtl() + " ago and its record expired"));
    }

    /** The failed record at {@code index}, if it is still the one the caller saw (same digest). */
    private Optional<FailedJob> failedAt(long index, String digest) {
        if (index < 0 || digest == null) {
            return Optional.empty();
        }
        return failedJobs.list(index, 1).stream().filter(job -> digest(job).equals(digest)).findFirst();
    }

    private static String digest(FailedJob job) {
        return Digests.sha1Hex(job.record());
    }

    private static Response changedMeanwhile(long index) {
        return error(Response.Status.CONFLICT, "the failed list changed: no longer the same job at position " + index
                + "; reload and try again");
    }

    private static Optional<Response> invalidPage(long offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            return Optional.of(error(Response.Status.BAD_REQUEST, "offset must be >= 0 and limit between 1 and "
                    + MAX_PAGE + ", were " + offset + " and " + limit));
        }
        return Optional.empty();
    }

    private static Response ok(JsonObjectBuilder json) {
        return ok(json.build());
    }

    private static Response ok(JsonArrayBuilder json) {
        return ok(json.build());
    }

    private static Response ok(JsonStructure json) {
        return Response.ok(json.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JSON.createObjectBuilder().add("error", message).build().toString()).build();
    }
}
