package dev.backgroundjobs.internal.redis;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How WorkerStore reads prune_workers.lua's reply and writes its timeouts. */
class PrunedTest {

    @Test
    void theReplySaysPerWorkerWhatBecameOfItsJobs() {
        WorkerStore.Pruned pruned = WorkerStore.Pruned.of(List.of(
                List.of(raw("ours:1-default-1:mail"), raw("requeued"), 1L,
                        raw("web1:3131:mail"), raw("failed"), 1L,
                        raw("idle:1:mail"), raw("none"), 0L,
                        raw("odd:1-default-2:mail"), raw("kept"), 2L),
                List.of(raw("h.s.app:7-default-1:mail"))));

        assertEquals(List.of(
                new WorkerStore.PrunedWorker("ours:1-default-1:mail", WorkerStore.JobsLeft.REQUEUED, 1),
                new WorkerStore.PrunedWorker("web1:3131:mail", WorkerStore.JobsLeft.RECORDED_AS_FAILED, 1),
                new WorkerStore.PrunedWorker("idle:1:mail", WorkerStore.JobsLeft.NONE, 0),
                new WorkerStore.PrunedWorker("odd:1-default-2:mail", WorkerStore.JobsLeft.KEPT_IN_FLIGHT, 2)), pruned.workers());
        assertEquals(List.of("h.s.app:7-default-1:mail"), pruned.registeredAgain());
        assertEquals(1, pruned.requeued());
        assertEquals(1, pruned.recordedAsFailed());
    }

    @Test
    void anEmptyReplyIsNothingDone() {
        WorkerStore.Pruned pruned = WorkerStore.Pruned.of(List.of(List.of(), List.of()));
        assertEquals(List.of(), pruned.workers());
        assertEquals(0, pruned.requeued());
    }

    /** The prune compares whole seconds of Redis time; a timeout is never rounded down to less. */
    @Test
    void timeoutsAreWholeSecondsRoundedUp() {
        assertEquals("60", WorkerStore.wholeSeconds(Duration.ofSeconds(60)));
        assertEquals("2", WorkerStore.wholeSeconds(Duration.ofMillis(1500)));
        assertEquals("300", WorkerStore.wholeSeconds(Duration.ofMinutes(5)));
    }

    private static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
