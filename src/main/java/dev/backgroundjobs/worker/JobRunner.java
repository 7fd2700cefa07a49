package dev.backgroundjobs.worker;

import dev.backgroundjobs.internal.Messages;
import dev.backgroundjobs.job.JobCatalog;
import dev.backgroundjobs.job.JobDefinition;
import dev.backgroundjobs.payload.ArgumentBinder;
import dev.backgroundjobs.payload.Payload;
import dev.backgroundjobs.payload.PayloadCodec;
import dev.backgroundjobs.redis.Fetched;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.lang.reflect.InvocationTargetException;
import java.time.Instant;

/**
 * Runs one fetched job: decodes the payload, finds the job among the deployed ones, binds its
 * arguments and calls {@code perform} on a contextual instance inside an active request context.
 * Never throws: every failure, the job's own or a payload that cannot run, becomes a failure record.
 */
@ApplicationScoped
public class JobRunner {

    @Inject
    JobCatalog catalog;

    @Inject
    ArgumentBinder binder;

    @Inject
    BeanManager beanManager;

    @Inject
    Instance<RequestContextController> requestContexts;

    /** How a run ended: succeeded, failed with a Resque failure record, or interrupted by a shutdown. */
    record Outcome(String failureRecord, boolean interrupted) {

        static final Outcome SUCCEEDED = new Outcome(null, false);
    }

    /** Runs the job. */
    Outcome run(Fetched job, String workerId) {
        try {
            Payload payload = PayloadCodec.decode(job.payload());
            JobDefinition definition = catalog.byName(payload.jobName())
                    .orElseThrow(() -> new UnknownJobException(Messages.unknownJob(payload.jobName())));
            Object[] args = binder.bind(definition, payload.args());
            invoke(definition, args);
            return Outcome.SUCCEEDED;
        } catch (InvocationTargetException e) {
            return failed(job, workerId, e.getCause());
        } catch (Throwable e) {
            // A job may throw anything, Errors included; the worker must survive it and record it.
            return failed(job, workerId, e);
        }
    }

    private static Outcome failed(Fetched job, String workerId, Throwable failure) {
        boolean interrupted = Thread.interrupted() || failure instanceof InterruptedException;
        return new Outcome(FailureRecord.json(Instant.now(), job.payload(), failure, workerId, job.queue()), interrupted);
    }

    private void invoke(JobDefinition job, Object[] args) throws ReflectiveOperationException {
        RequestContextController requestContext = requestContexts.get();
        boolean activated = requestContext.activate();
        CreationalContext<?> creationalContext = beanManager.createCreationalContext(job.bean());
        try {
            Object instance = beanManager.getReference(job.bean(), job.beanClass(), creationalContext);
            job.perform().invoke(instance, args);
        } finally {
            creationalContext.release();
            if (activated) {
                requestContext.deactivate();
            }
            requestContexts.destroy(requestContext);
        }
    }
}
