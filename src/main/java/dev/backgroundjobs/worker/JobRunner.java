package dev.backgroundjobs.worker;

import dev.backgroundjobs.internal.Messages;
import dev.backgroundjobs.job.JobCatalog;
import dev.backgroundjobs.job.JobDefinition;
import dev.backgroundjobs.payload.ArgumentBinder;
import dev.backgroundjobs.payload.ArgumentBindingException;
import dev.backgroundjobs.payload.MalformedPayloadException;
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
    ArgumentBinder binder;

    @Inject
    BeanManager beanManager;

    @Inject
    Instance<RequestContextController> requestContexts;

    /** A job ready to run. */
    record Prepared(Fetched fetched, Payload payload, JobDefinition job, Object[] args) {
    }

    /** How a run ended. {@code payload} and {@code job} are null when the payload could not be read. */
    record Outcome(Kind kind, Throwable failure, Payload payload, JobDefinition job) {

        enum Kind { SUCCEEDED, FAILED, CANNOT_RUN, INTERRUPTED }
    }

    /** Either a prepared job, or the outcome of one that cannot run. */
    record Preparation(Prepared prepared, Outcome cannotRun) {
    }

    Preparation prepare(Fetched job) {
        Payload payload = null;
        try {
            payload = PayloadCodec.decode(job.payload());
            String name = payload.jobName();
            JobDefinition definition = catalog.byName(name)
                    .orElseThrow(() -> new UnknownJobException(Messages.unknownJob(name)));
            return new Preparation(new Prepared(job, payload, definition, binder.bind(definition, payload.args())), null);
        } catch (MalformedPayloadException | UnknownJobException | ArgumentBindingException e) {
            return new Preparation(null, new Outcome(Outcome.Kind.CANNOT_RUN, e, payload, null));
        }
    }

    Outcome invoke(Prepared prepared) {
        try {
            call(prepared.job(), prepared.args());
            return new Outcome(Outcome.Kind.SUCCEEDED, null, prepared.payload(), prepared.job());
        } catch (InvocationTargetException e) {
            return failed(prepared, e.getCause());
        } catch (Throwable e) {
            // A job may throw anything, Errors included; the worker must survive it and record it.
            return failed(prepared, e);
        }
    }

    private static Outcome failed(Prepared prepared, Throwable failure) {
        boolean interrupted = Thread.interrupted() || failure instanceof InterruptedException;
        return new Outcome(interrupted ? Outcome.Kind.INTERRUPTED : Outcome.Kind.FAILED, failure, prepared.payload(),
                prepared.job());
    }

    private void call(JobDefinition job, Object[] args) throws ReflectiveOperationException {
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
