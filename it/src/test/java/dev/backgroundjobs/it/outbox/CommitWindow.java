package dev.backgroundjobs.it.outbox;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The crash test's hook: a synchronization whose {@code afterCompletion(STATUS_COMMITTED)} counts the
 * commit and then blocks until {@link #release()} (or ten minutes), holding its transaction's thread in
 * the window after the commit. The module's own after-commit synchronization, registered later at the
 * first enqueue, runs after it only if the transaction manager keeps registration order; the test checks
 * that at kill time instead of assuming it.
 */
final class CommitWindow {

    private final CountDownLatch committed;
    private final CountDownLatch released = new CountDownLatch(1);

    CommitWindow(int transactions) {
        committed = new CountDownLatch(transactions);
    }

    Synchronization hold() {
        return new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    return;
                }
                committed.countDown();
                try {
                    released.await(10, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Waits until every transaction committed and sits in the window; false on timeout. */
    boolean awaitCommitted(long seconds) throws InterruptedException {
        return committed.await(seconds, TimeUnit.SECONDS);
    }

    long committed(int transactions) {
        return transactions - committed.getCount();
    }

    void release() {
        released.countDown();
    }
}
