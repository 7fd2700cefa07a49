package dev.backgroundjobs.internal.worker;

/**
 * Whether a run was asked to stop, shared by the thread that runs it, the loop that waits for it and
 * the {@link CancelWatch}. A request seen before the run ends (by the job through
 * {@link RunContext#cancelRequested()}, or by the watch) makes it end as cancelled. The watch may
 * interrupt the running thread only between {@link #begin} and {@link #end}, and {@link #end} takes
 * back an interrupt it sent, so none reaches the thread's next job or its worker loop.
 */
final class RunControl {

    private final String jobId;
    private volatile boolean cancelRequested;
    /** When the request was first seen, in nanoTime; valid once {@link #cancelRequested} is set. */
    private volatile long seenAt;
    private Thread thread;
    private boolean ended;
    private boolean interrupted;

    RunControl(String jobId) {
        this.jobId = jobId;
    }

    String jobId() {
        return jobId;
    }

    /** Called by the thread that is about to call {@code perform}. */
    synchronized void begin() {
        thread = Thread.currentThread();
    }

    /** Called by the same thread once {@code perform} has returned or thrown. */
    void end() {
        boolean clear;
        synchronized (this) {
            ended = true;
            thread = null;
            clear = interrupted;
        }
        if (clear) {
            Thread.interrupted();
        }
    }

    /** Records the request; the first call starts the grace period. */
    void requestSeen(long nanoTime) {
        if (!cancelRequested) {
            seenAt = nanoTime;
            cancelRequested = true;
        }
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    long seenAt() {
        return seenAt;
    }

    /** Interrupts the run's thread once, if it is still in {@code perform}; true when it did. */
    synchronized boolean interrupt() {
        if (ended || thread == null || interrupted) {
            return false;
        }
        interrupted = true;
        thread.interrupt();
        return true;
    }

    synchronized boolean interrupted() {
        return interrupted;
    }
}
