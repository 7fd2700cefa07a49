package dev.backgroundjobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Jobs that run one after the other, sent with {@link JobQueue#enqueueChain}: each step runs once the
 * step before it has succeeded, and gets the value that step's {@code perform} returned as its last
 * argument (written with JSON-B), after the arguments given here. Immutable.
 *
 * <pre>{@code
 * jobs.enqueueChain(JobChain.of(JobRequest.of(FetchOrder.class, orderId))   // returns an Order
 *         .then(PriceOrder.class)                                            // perform(Order order) returns a Price
 *         .then(SendInvoice.class, customerId));                             // perform(long customerId, Price price)
 * }</pre>
 *
 * <p>A step that fails for good (it lands in the failed list) stops the chain: the steps after it
 * are not queued, and its failed record's payload names them ({@code bgj_chain}); retrying it from
 * the failed list resumes the chain. Every step is a job of this application; steps after the first
 * run now, are not {@link UniqueJob}s, and their jobs' {@code perform} must take the arguments given
 * here plus one, which the previous step's return type must fit.
 */
public final class JobChain {

    private final List<JobRequest> steps;

    private JobChain(List<JobRequest> steps) {
        this.steps = steps;
    }

    /**
     * A chain whose first step is {@code first}.
     *
     * @param first the first job, with all its arguments and options
     * @return the chain
     */
    public static JobChain of(JobRequest first) {
        return new JobChain(List.of(Objects.requireNonNull(first, "first")));
    }

    /**
     * The chain with one more step, to the job's own queue.
     *
     * @param job a {@link BackgroundJob} class
     * @param leadingArgs the arguments of its {@code perform} before the last, which the previous step's result fills
     * @return a new chain
     */
    public JobChain then(Class<?> job, Object... leadingArgs) {
        return then(JobRequest.of(job, leadingArgs));
    }

    /**
     * The chain with one more step, whose arguments are the leading ones (the previous step's result
     * comes after them) and whose queue is the request's.
     *
     * @param next the step
     * @return a new chain
     */
    public JobChain then(JobRequest next) {
        Objects.requireNonNull(next, "next");
        List<JobRequest> longer = new ArrayList<>(steps);
        longer.add(next);
        return new JobChain(List.copyOf(longer));
    }

    /**
     * The steps, first to last.
     *
     * @return them, unmodifiable
     */
    public List<JobRequest> steps() {
        return steps;
    }

    @Override
    public String toString() {
        return "JobChain" + steps;
    }
}
