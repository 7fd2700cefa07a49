package dev.backgroundjobs.it.invalid;

import dev.backgroundjobs.JobQueue;
import dev.backgroundjobs.internal.redis.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An application bean reaching for the module's internals, beside the API it may inject. */
@ApplicationScoped
public class InternalInjectingBean {

    @Inject
    JobQueue queue;

    @Inject
    QueueStore store;
}
