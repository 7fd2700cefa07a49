package dev.backgroundjobs.enqueue;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.JobStatus;
import dev.backgroundjobs.internal.Messages;
import dev.backgroundjobs.internal.QueueNames;
import dev.backgroundjobs.job.JobCatalog;
import dev.backgroundjobs.job.JobDefinition;
import dev.backgroundjobs.payload.ArgumentBinder;
import dev.backgroundjobs.payload.PayloadCodec;
import dev.backgroundjobs.redis.JobStore;
import dev.backgroundjobs.redis.QueuedPayload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@link JobQueue} of the application: checks and encodes jobs, then hands them to delivery. */
@ApplicationScoped
public class RedisJobQueue implements JobQueue {

    @Inject
    JobCatalog catalog;

    @Inject
    ArgumentBinder binder;

    @Inject
    TransactionalDelivery delivery;

    @Inject
    JobStore store;

    @Override
    public String enqueue(Class<?> job, Object... args) {
        return enqueueAll(List.of(JobRequest.of(job, args))).get(0);
    }

    @Override
    public String enqueueTo(String queue, Class<?> job, Object... args) {
        return enqueueAll(List.of(JobRequest.of(job, args).toQueue(queue))).get(0);
    }

    @Override
    public String enqueueByName(String queue, String jobName, Object... args) {
        return enqueueAll(List.of(JobRequest.named(queue, jobName, args))).get(0);
    }

    @Override
    public List<String> enqueueAll(List<JobRequest> jobs) {
        Objects.requireNonNull(jobs, "jobs");
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>(jobs.size());
        List<QueuedPayload> payloads = new ArrayList<>(jobs.size());
        // Every job is checked before any is sent, so a bad one in a batch sends nothing.
        for (JobRequest request : jobs) {
            String id = PayloadCodec.newJobId();
            payloads.add(encode(request, id, now));
            ids.add(id);
        }
        delivery.deliver(payloads);
        return List.copyOf(ids);
    }

    private QueuedPayload encode(JobRequest request, String id, Instant now) {
        Optional<JobDefinition> definition = request.jobClass() != null
                ? Optional.of(catalog.byClass(request.jobClass())
                        .orElseThrow(() -> new IllegalArgumentException(Messages.notAJob(request.jobClass()))))
                : catalog.byName(request.jobName());
        String queue = request.queue() != null ? request.queue() : definition.orElseThrow().queue();
        if (!QueueNames.isValid(queue)) {
            throw new IllegalArgumentException(Messages.invalidQueue(queue));
        }
        String name = definition.map(JobDefinition::name).orElse(request.jobName());
        List<String> argumentsJson = definition.isPresent()
                ? binder.toJson(definition.get(), request.args())
                : binder.toJson(name, request.args());
        return new QueuedPayload(queue, PayloadCodec.encode(name, id, now, argumentsJson), store.keys().status(id, null));
    }

    @Override
    public Optional<JobStatus> status(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return store.status(jobId);
    }
}
