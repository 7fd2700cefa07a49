package dev.backgroundjobs.it.context;

import dev.backgroundjobs.JobContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An application bean holding a JobContext, called outside any job. */
@ApplicationScoped
public class ContextOutsideRunBean {

    @Inject
    JobContext context;

    public String jobId() {
        return context.jobId();
    }
}
