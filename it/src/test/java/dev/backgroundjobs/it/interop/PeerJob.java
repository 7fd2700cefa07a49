package dev.backgroundjobs.it.interop;

import dev.backgroundjobs.it.support.RunCounts;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

/** The job node-resque's producer and scheduler send to our workers: counts its runs per token in Redis. */
@BackgroundJob(name = "PeerJob", queue = NodeResqueIT.OUR_QUEUE)
public class PeerJob {

    @Inject
    RunCounts runs;

    public void perform(String token) {
        runs.ran(token);
    }
}
