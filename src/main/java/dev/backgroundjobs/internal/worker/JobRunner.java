package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.config.BackgroundJobsConfig;
import dev.backgroundjobs.internal.common.Messages;
import dev.backgroundjobs.internal.flow.ChainSteps;
import dev.backgroundjobs.internal.job.JobCatalog;
import dev.backgroundjobs.internal.job.JobDefinition;
import dev.backgroundjobs.internal.payload.ArgumentBinder;
import dev.backgroundjobs.internal.payload.Payload;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import dev.backgroundjobs.internal.redis.Fetched;
import dev.backgroundjobs.internal.redis.Keys;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import dev.backgroundjobs.internal.tracing.Tracing;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.lang.reflect.InvocationTargetException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs fetched jobs in two steps: {@link #prepare} decodes the payload, finds the job among the
 * deployed ones and binds its arguments; {@link #invoke} calls {@code perform} on a contextual instance
 * inside an active request context. Neither throws: every failure becomes an {@link Outcome}.
 */
@ApplicationScoped
public class JobRunner {

    @Inject
    JobCatalog catalog;

    @Inject
    BackgroundJobsConfig config;

    @Inject
    ArgumentBinder binder;

    @Inject
    BeanManager beanManager;

    @Inject
    Instance<RequestContextController> requestContexts;

    @Inject
    Tracing tracing;

    private Keys keys;

    @PostConstruct
    void init() {
        keys = new Keys(config.namespace());
    }

    /**
     * A job ready to run. {@code progressWritten} turns true once its run reports progress, whose key
     * an untracked job's end removes; {@code control} says whether it was asked to stop.
     */
    record Prepared(Fetched fetched, Payload payload, JobDefinition job, Object[] args, AtomicBoolean progressWritten,
            RunControl control) {

        Prepared(Fetched fetched, Payload payload, JobDefinition job, Object[] args) {
            this(fetched, payload, job, args, new AtomicBoolean(), new RunControl(payload == null ? null : payload.id()));
        }
    }

    /**
     * How a run ended. {@code payload} and {@code job} are null when the payload could not be read;
     * {@code nextStep} is the chain's next step, with this run's result, when a chained run succeeded.
     * CANCELLED: a cancel request was seen before the run ended, however it ended ({@code failure} is
     * what it threw, if anything); a cancelled step does not go on to the next.
     */
    record Outcome(Kind kind, Throwable failure, Payload payload, JobDefinition job, QueuedPayload nextStep) {

        Outcome(Kind kind, Throwable failure, Payload payload, JobDefinition job) {
            this(kind, failure, payload, job, null);
        }

        enum Kind { SUCCEEDED, FAILED, CANNOT_RUN, INTERRUPTED, CANCELLED }
    }

    /** Either a prepared job, or the outcome of one that cannot run. */
    record Preparation(Prepared prepared, Outcome cannotRun) {
    }

    Preparation prepare(Fetched job) {
        Payload payload = null;
        try {
            payload = PayloadCodec.decode(job.payload(), config.payloadLimits());
            String name = payload.jobName();
            JobDefinition definition = catalog.byName(name)
                    .orElseThrow(() -> new UnknownJobException(Messages.unknownJob(name)));
            return new Preparation(new Prepared(job, payload, definition, binder.bind(definition, payload.args())), null);
        } catch (Throwable e) {
            // Whatever a payload makes JSON-B or an argument's constructor throw, it cannot run.
            return new Preparation(null, new Outcome(Outcome.Kind.CANNOT_RUN, e, payload, null));
        }
    }

    /**
     * A request context controller for the runs of one thread, reused from run to run: Weld resolves
     * the context's lifecycle events for each new controller, which made a new one per run an eighth
     * of a busy worker's CPU. Give it back with {@link #release}.
     */
    RequestContextController requestContextController() {
        return requestContexts.get();
    }

    void release(RequestContextController requestContext) {
        requestContexts.destroy(requestContext);
    }

    /** Runs the job with a request context controller of its own, for a thread that runs one job. */
    Outcome invoke(Prepared prepared) {
        RequestContextController requestContext = requestContextController();
        try {
            return invoke(prepared, requestContext);
        } finally {
            release(requestContext);
        }
    }

    /** Runs the job with the calling thread's {@code requestContext} controller. */
    Outcome invoke(Prepared prepared, RequestContextController requestContext) {
        return tracing.process(prepared.fetched().queue(), prepared.payload(),
                () -> invokeTraced(prepared, requestContext), Outcome::failure);
    }

    private Outcome invokeTraced(Prepared prepared, RequestContextController requestContext) {
        Object result;
        try {
            result = call(prepared, requestContext);
        } catch (InvocationTargetException e) {
            return failed(prepared, e.getCause());
        } catch (Throwable e) {
            // A job may throw anything, Errors included; the worker must survive it and record it.
            return failed(prepared, e);
        }
        if (prepared.control().cancelRequested()) {
            return new Outcome(Outcome.Kind.CANCELLED, null, prepared.payload(), prepared.job());
        }
        if (!ChainSteps.hasNext(prepared.payload())) {
            return new Outcome(Outcome.Kind.SUCCEEDED, null, prepared.payload(), prepared.job());
        }
        try {
            QueuedPayload next = ChainSteps.next(prepared.payload(), binder.resultJson(prepared.job(), result),
                    Instant.now(), keys, config.payloadLimits()).orElseThrow();
            return new Outcome(Outcome.Kind.SUCCEEDED, null, prepared.payload(), prepared.job(), next);
        } catch (RuntimeException e) {
            // The step ran, but the chain cannot go on from it: a failure of the step, retried by its policy.
            return failed(prepared, new IllegalStateException(Messages.chainNotContinued(prepared.job().describe(),
                    e.getMessage()), e));
        }
    }

    private static Outcome failed(Prepared prepared, Throwable failure) {
        if (prepared.control().cancelRequested()) {
            return new Outcome(Outcome.Kind.CANCELLED, failure, prepared.payload(), prepared.job());
        }
        boolean interrupted = Thread.interrupted() || failure instanceof InterruptedException;
        return new Outcome(interrupted ? Outcome.Kind.INTERRUPTED : Outcome.Kind.FAILED, failure, prepared.payload(),
                prepared.job());
    }

    private Object call(Prepared prepared, RequestContextController requestContext) throws ReflectiveOperationException {
        JobDefinition job = prepared.job();
        boolean activated = requestContext.activate();
        CreationalContext<?> creationalContext = beanManager.createCreationalContext(job.bean());
        CurrentRun.begin(prepared);
        prepared.control().begin();
        try {
            Object instance = beanManager.getReference(job.bean(), job.beanClass(), creationalContext);
            return job.perform().invoke(instance, prepared.args());
        } finally {
            prepared.control().end();
            CurrentRun.end();
            creationalContext.release();
            if (activated) {
                requestContext.deactivate();
            }
        }
    }
}
