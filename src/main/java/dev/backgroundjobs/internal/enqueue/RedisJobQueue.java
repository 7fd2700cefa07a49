package dev.backgroundjobs.internal.enqueue;

import dev.backgroundjobs.event.JobEnqueued;
import dev.backgroundjobs.BatchStatus;
import dev.backgroundjobs.JobBatch;
import dev.backgroundjobs.JobChain;
import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.JobRequest;
import dev.backgroundjobs.JobStatus;
import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.common.JsonProviders;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.common.QueueNames;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.job.JobDefinition;
import dev.backgroundjobs.internal.job.UniqueRule;
import dev.backgroundjobs.internal.common.Digests;
import dev.backgroundjobs.internal.payload.ArgumentBinder;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import dev.backgroundjobs.internal.redis.Cancellations;
import dev.backgroundjobs.internal.flow.ChainSteps;
import dev.backgroundjobs.internal.redis.BatchStore;
import dev.backgroundjobs.internal.redis.Keys;
import dev.backgroundjobs.internal.redis.StatusStore;
import dev.backgroundjobs.internal.redis.RedisClock;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import dev.backgroundjobs.internal.tracing.JobTracer;
import dev.backgroundjobs.internal.tracing.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
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
    StatusStore statuses;

    @Inject
    Keys keys;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    Tracing tracing;

    @Inject
    Cancellations cancellations;

    @Inject
    RedisClock redisClock;

    @Inject
    BatchDelivery batchDelivery;

    @Inject
    BatchStore batches;

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
        String statusKey = catalog.tracksStatus(name) ? keys.status(id, null) : null;
        QueuedPayload queued = new QueuedPayload(queue, payload, statusKey, id, runAt,
                uniqueKey, unique.map(UniqueRule::expireAfter).orElse(null));
        return new OutgoingJob(queued, new JobEnqueued(id, name, queue,
                Collections.unmodifiableList(Arrays.asList(request.args().clone())), Optional.ofNullable(runAt)), trace);
    }

    private String uniqueKey(String jobName, UniqueRule rule, List<String> argumentsJson) {
        String keyArguments = rule.keyArguments().stream().map(argumentsJson::get).collect(Collectors.joining(",", "[", "]"));
        return keys.unique(jobName, Digests.sha1Hex(keyArguments));
    }

    @Override
    public Optional<JobStatus> status(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return statuses.status(jobId);
    }

    @Override
    public String enqueueBatch(JobBatch batch) {
        Objects.requireNonNull(batch, "batch");
        Instant now = Instant.now();
        List<JobRequest> requests = batch.jobs();
        List<String> ids = PayloadCodec.newJobIds(requests.size() + 2);
        List<OutgoingJob> jobs = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            OutgoingJob job = plainForBatch(batch.id(), encode(requests.get(i), ids.get(i), now));
            String member = JsonProviders.JSON.createValue(batch.id() + ":" + i).toString();
            jobs.add(withPayload(job, ChainSteps.withField(job.payload().payload(), ChainSteps.BATCH, member)));
        }
        OutgoingJob onSuccess = batch.successCallback()
                .map(callback -> plainForBatch(batch.id(), encode(callback, ids.get(requests.size()), now))).orElse(null);
        OutgoingJob onComplete = batch.completeCallback()
                .map(callback -> plainForBatch(batch.id(), encode(callback, ids.get(requests.size() + 1), now))).orElse(null);
        batchDelivery.deliver(new BatchDelivery.OutgoingBatch(batch.id(), jobs, onSuccess, onComplete));
        return batch.id();
    }

    private static OutgoingJob plainForBatch(String batchId, OutgoingJob job) {
        String name = job.enqueued().jobName();
        if (job.payload().runAt() != null) {
            throw new IllegalArgumentException(Messages.notPlainInBatch(batchId, name, "delayed"));
        }
        if (job.payload().uniqueKey() != null) {
            throw new IllegalArgumentException(Messages.notPlainInBatch(batchId, name, "a unique job"));
        }
        return job;
    }

    /** The job with its payload changed, checked again against the payload limits. */
    private OutgoingJob withPayload(OutgoingJob job, String payload) {
        PayloadCodec.requireWithin(job.enqueued().jobName(), payload, config.payloadLimits());
        QueuedPayload old = job.payload();
        return new OutgoingJob(new QueuedPayload(old.queue(), payload, old.statusKey(), old.id(), old.runAt(),
                old.uniqueKey(), old.uniqueFor()), job.enqueued(), job.trace());
    }

    @Override
    public Optional<BatchStatus> batchStatus(String batchId) {
        Objects.requireNonNull(batchId, "batchId");
        return batches.status(batchId);
    }

    @Override
    public List<String> enqueueChain(JobChain chain) {
        Objects.requireNonNull(chain, "chain");
        List<JobRequest> steps = chain.steps();
        List<String> ids = PayloadCodec.newJobIds(steps.size());
        List<JobDefinition> definitions = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            definitions.add(stepDefinition(i + 1, steps.get(i)));
        }
        List<JsonObject> later = new ArrayList<>(steps.size() - 1);
        for (int i = 1; i < steps.size(); i++) {
            JobRequest step = steps.get(i);
            JobDefinition job = definitions.get(i);
            if (step.runAt(Instant.EPOCH) != null) {
                throw new IllegalArgumentException(Messages.chainStepNotPlain(i + 1, job.describe(), "delayed"));
            }
            if (job.policy() != null && job.policy().unique().isPresent()) {
                throw new IllegalArgumentException(Messages.chainStepNotPlain(i + 1, job.describe(), "a unique job"));
            }
            List<String> leading = binder.leadingToJson(job, step.args());
            requireResultFits(i + 1, definitions.get(i - 1), job);
            String queue = step.queue() != null ? step.queue() : job.queue();
            if (!QueueNames.isValid(queue)) {
                throw new IllegalArgumentException(Messages.invalidQueue(queue));
            }
            later.add(ChainSteps.step(job.name(), queue, ids.get(i), leading, catalog.tracksStatus(job.name()), i + 1,
                    steps.size()));
        }
        OutgoingJob first = encode(steps.get(0), ids.get(0), Instant.now());
        if (!later.isEmpty()) {
            first = withPayload(first, ChainSteps.firstStep(first.payload().payload(), later));
        }
        delivery.deliver(List.of(first));
        return ids;
    }

    private JobDefinition stepDefinition(int step, JobRequest request) {
        Optional<JobDefinition> job = request.jobClass() != null ? catalog.byClass(request.jobClass())
                : catalog.byName(request.jobName());
        return job.orElseThrow(() -> new IllegalArgumentException(Messages.chainStepNotAJob(step,
                request.jobClass() != null ? request.jobClass().getName() : request.jobName())));
    }

    /** The previous step's return type must be one the step's last parameter takes (boxes and all). */
    private static void requireResultFits(int step, JobDefinition previous, JobDefinition job) {
        Method perform = previous.perform();
        Type parameter = job.parameterTypes().get(job.arity() - 1);
        Class<?> returned = box(perform.getReturnType());
        Class<?> accepted = box(job.perform().getParameterTypes()[job.arity() - 1]);
        if (returned == Void.class || !accepted.isAssignableFrom(returned)) {
            throw new IllegalArgumentException(Messages.chainResultDoesNotFit(step, job.describe(),
                    perform.getGenericReturnType().getTypeName(), parameter.getTypeName()));
        }
    }

    private static Class<?> box(Class<?> type) {
        return type.isPrimitive() ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
    }
}
