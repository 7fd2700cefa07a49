package dev.backgroundjobs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobBatchTest {

    static final JobRequest JOB = JobRequest.named("A", 1).toQueue("q");

    @Test
    void optionsMakeNewBatchesWithTheSameId() {
        JobBatch batch = JobBatch.of(List.of(JOB));
        JobRequest callback = JobRequest.named("Done").toQueue("q");

        JobBatch withCallback = batch.onSuccess(callback);

        assertEquals(batch.id(), withCallback.id());
        assertEquals(Optional.empty(), batch.successCallback());
        assertEquals(Optional.of(callback), withCallback.successCallback());
        assertEquals(Optional.empty(), withCallback.completeCallback());
        assertTrue(batch.id().matches("[0-9a-f]{32}"), batch.id());
        assertNotEquals(batch.id(), JobBatch.of(List.of(JOB)).id());
    }

    @Test
    void theJobsAreCopied() {
        List<JobRequest> jobs = new ArrayList<>(List.of(JOB));
        JobBatch batch = JobBatch.of(jobs);

        jobs.add(JOB);

        assertEquals(1, batch.jobs().size());
        assertThrows(UnsupportedOperationException.class, () -> batch.jobs().add(JOB));
    }

    @Test
    void aBatchWithoutJobsIsRefused() {
        assertEquals("a batch needs at least one job",
                assertThrows(IllegalArgumentException.class, () -> JobBatch.of(List.of())).getMessage());
    }

    @Test
    void aChainGrowsByNewChains() {
        JobChain first = JobChain.of(JOB);

        JobChain longer = first.then(JobRequest.named("B"));

        assertEquals(1, first.steps().size());
        assertEquals(2, longer.steps().size());
        assertEquals("B", longer.steps().get(1).jobName());
    }

    @Test
    void aBatchIsCompleteWhenNoJobIsPending() {
        assertTrue(new BatchStatus("b", 2, 0, 1, 3, 1, null, Optional.empty()).complete());
        assertEquals(false, new BatchStatus("b", 2, 1, 1, 0, 0, null, Optional.empty()).complete());
    }
}
