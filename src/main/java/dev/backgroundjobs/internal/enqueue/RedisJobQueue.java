package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.JobStatus;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.common.QueueNames;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.job.JobDefinition;
import dev.backgroundjobs.internal.job.UniqueRule;
import dev.backgroundjobs.internal.common.Digests;
import dev.backgroundjobs.internal.payload.ArgumentBinder;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import dev.backgroundjobs.internal.redis.Cancellations;
import dev.backgroundjobs.internal.redis.JobStore;
import dev.backgroundjobs.internal.redis.RedisClock;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import dev.backgroundjobs.internal.tracing.JobTracer;
import dev.backgroundjobs.internal.tracing.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

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

    @Inject
    BackgroundJobsConfig config;

    @Inject
    Tracing tracing;

    @Inject
    Cancellations cancellations;

    @Inject
    RedisClock redisClock;

    @Override
    public String enqueue(Class<?> job, Object... args) {
        return enqueue(JobRequest.of(job, args));
    }

    @Override
    public String enqueue(JobRequest request) {
        Objects.requireNonNull(request, "request");
        return enqueueAll(List.of(request)).get(0);
    }

    @Override
    public boolean cancel(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return cancellations.cancel(jobId) != Cancellations.Found.NONE;
    }

    @Override
    public List<String> enqueueAll(List<JobRequest> jobs) {
        Objects.requireNonNull(jobs, "jobs");
        Instant now = Instant.now();
        List<OutgoingJob> outgoing = new ArrayList<>(jobs.size());
        List<String> ids = PayloadCodec.newJobIds(jobs.size());
        // Every job is checked before any is sent, so a bad one in a batch sends nothing.
        for (int i = 0; i < jobs.size(); i++) {
            outgoing.add(encode(Objects.requireNonNull(jobs.get(i), "request"), ids.get(i), now));
        }
        return delivery.deliver(outgoing);
    }

    private OutgoingJob encode(JobRequest request, String id, Instant now) {
        Instant runAt = request.runAt(now);
        Optional<JobDefinition> definition = request.jobClass() != null
                ? Optional.of(catalog.byClass(request.jobClass())
                        .orElseThrow(() -> new IllegalArgumentException(Messages.notAJob(request.jobClass()))))
                : catalog.byName(request.jobName());
        String queue = request.queue() != null ? request.queue()
                : definition.orElseThrow(() -> new IllegalArgumentException(Messages.queueNeeded(request.jobName())))
                        .queue();
        if (!QueueNames.isValid(queue)) {
            throw new IllegalArgumentException(Messages.invalidQueue(queue));
        }
        String name = definition.map(JobDefinition::name).orElse(request.jobName());
        List<String> argumentsJson = definition.isPresent()
                ? binder.toJson(definition.get(), request.args())
                : binder.toJson(name, request.args());
        Map<String, String> extraFields = new LinkedHashMap<>();
        if (runAt != null) {
            // resque-scheduler's delayed payloads name their queue.
            extraFields.put("queue", queue);
        }
        Instant deadline = request.deadline(redisClock.now());
        if (deadline != null) {
            if (runAt != null && !deadline.isAfter(runAt)) {
                throw new IllegalArgumentException(Messages.expiresBeforeDue(name, deadline, runAt));
            }
            // Epoch milliseconds, which fetch.lua compares with Redis's TIME.
            extraFields.put(PayloadCodec.EXPIRES_AT, Long.toString(deadline.toEpochMilli()));
        }
        Optional<UniqueRule> unique = definition.flatMap(job -> job.policy().unique());
        String uniqueKey = unique.map(rule -> uniqueKey(name, rule, argumentsJson)).orElse(null);
        unique.ifPresent(rule -> {
            extraFields.put("unique_key", uniqueKey);
            extraFields.put("unique_until", rule.until().name().toLowerCase(Locale.ROOT));
        });
        JobTracer.Publish trace = tracing.publish(name, queue, id);
        extraFields.putAll(trace.payloadFields());
        // A delayed job's wait in its queue counts from when it is due (to the second, as it is scheduled).
        String payload = runAt != null
                ? PayloadCodec.encodeDelayed(name, id, runAt.getEpochSecond(), argumentsJson, extraFields)
                : PayloadCodec.encode(name, id, now, argumentsJson, extraFields);
        PayloadCodec.requireWithin(name, payload, config.payloadLimits());
        String statusKey = catalog.tracksStatus(name) ? store.keys().status(id, null) : null;
        QueuedPayload queued = new QueuedPayload(queue, payload, statusKey, id, runAt,
                uniqueKey, unique.map(UniqueRule::expireAfter).orElse(null));
        return new OutgoingJob(queued, new JobEnqueued(id, name, queue,
                Collections.unmodifiableList(Arrays.asList(request.args().clone())), Optional.ofNullable(runAt)), trace);
    }

    private String uniqueKey(String jobName, UniqueRule rule, List<String> argumentsJson) {
        String keyArguments = rule.keyArguments().stream().map(argumentsJson::get).collect(Collectors.joining(",", "[", "]"));
        return store.keys().unique(jobName, Digests.sha1Hex(keyArguments));
    }

    @Override
    public Optional<JobStatus> status(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return store.status(jobId);
    }
}
