package dev.backgroundjobs.internal.lifecycle;

import dev.backgroundjobs.event.JobEvent;
import dev.backgroundjobs.internal.common.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes job events to the module's sinks and to the application's observers. Nothing an
 * observer or sink throws reaches the caller, which is a worker loop or a commit: it is logged, and
 * the other observers still get the event, because each synchronous observer is notified on its own,
 * in priority order (transaction phases of observers are not applied: they are notified at once).
 * Event types nobody observes cost nothing per job.
 */
@ApplicationScoped
public class JobEvents {

    private static final Logger LOG = Logger.getLogger(JobEvents.class.getName());

    @Inject
    BeanManager beanManager;

    @Inject
    Event<JobEvent> observers;

    @Inject
    @Any
    Instance<JobEventSink> sinkBeans;

    private List<JobEventSink> sinks;
    private final Map<Class<?>, Delivery> deliveries = new ConcurrentHashMap<>();

    /** The observers of an event type; observers are fixed at deployment, so this is too. */
    private record Delivery(List<ObserverMethod<? super JobEvent>> sync, boolean async) {
    }

    @PostConstruct
    void init() {
        sinks = sinkBeans.stream().toList();
    }

    public void publish(JobEvent event) {
        for (JobEventSink sink : sinks) {
            try {
                sink.accept(event);
            } catch (Throwable e) {
                LOG.log(Level.WARNING, Messages.eventSinkFailed(event.getClass().getSimpleName(), event.jobId()), e);
            }
        }
        Delivery delivery = deliveries.computeIfAbsent(event.getClass(), type -> resolve(event));
        for (ObserverMethod<? super JobEvent> observer : delivery.sync()) {
            try {
                observer.notify(event);
            } catch (Throwable e) {
                // Errors too: an observer's AssertionError or StackOverflowError must not end a worker loop.
                LOG.log(Level.WARNING, Messages.observerFailed(event.getClass().getSimpleName(), event.jobId()), e);
            }
        }
        if (delivery.async()) {
            observers.fireAsync(event).exceptionally(e -> {
                LOG.log(Level.WARNING, Messages.observerFailed(event.getClass().getSimpleName(), event.jobId()), e);
                return null;
            });
        }
    }

    private Delivery resolve(JobEvent event) {
        Set<ObserverMethod<? super JobEvent>> methods = beanManager.resolveObserverMethods(event);
        return new Delivery(methods.stream().filter(method -> !method.isAsync())
                .sorted(Comparator.comparingInt(ObserverMethod::getPriority)).toList(),
                methods.stream().anyMatch(ObserverMethod::isAsync));
    }
}
