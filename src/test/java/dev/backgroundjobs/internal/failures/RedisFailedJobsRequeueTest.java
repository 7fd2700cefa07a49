package dev.backgroundjobs.internal.failures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What retrying a failed record puts back, and the records that cannot be retried. */
class RedisFailedJobsRequeueTest {

    @Test
    void aRecordIsRequeuedOnItsQueueWithoutOurRunHistory() {
        RedisFailedJobs.Requeue requeue = RedisFailedJobs.requeueOf(0, "{\"failed_at\":\"2026/12/01 10:00:00 UTC\","
                + "\"payload\":{\"class\":\"A\",\"args\":[1],\"id\":\"7\",\"prefix\":\"p\",\"attempts\":3,\"queue\":\"a\","
                + "\"first_failed_at\":1.5,\"due_at\":2.5},\"queue\":\"mail\"}");

        assertEquals("mail", requeue.queue());
        assertEquals("{\"class\":\"A\",\"args\":[1],\"id\":\"7\",\"prefix\":\"p\"}", requeue.payload());
        assertEquals("7", requeue.jobId());
        assertEquals("p", requeue.statusPrefix());
    }

    @Test
    void aRubyRecordWithoutAnIdHasNoStatus() {
        RedisFailedJobs.Requeue requeue = RedisFailedJobs.requeueOf(0,
                "{\"payload\":{\"class\":\"A\",\"args\":[]},\"queue\":\"mail\"}");

        assertNull(requeue.jobId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json|it is not a JSON object", "[1]|it is not a JSON object",
            "{\"payload\":{\"class\":\"A\",\"args\":[]},\"queue\":\"\"}|it names no queue",
            "{\"payload\":{\"class\":\"A\",\"args\":[]}}|it names no queue",
            "{\"payload\":{\"class\":\"A\",\"args\":[]},\"queue\":\"a:b\"}|its queue 'a:b' is not a valid queue name",
            "{\"payload\":\"not json\",\"queue\":\"delayed\"}|its payload is not a job",
            "{\"payload\":{\"args\":[]},\"queue\":\"mail\"}|its payload is not a job"})
    void aRecordThatCannotBeRetriedSaysWhy(String setting) {
        String[] parts = setting.split("\\|");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RedisFailedJobs.requeueOf(4, parts[0]));

        assertTrue(error.getMessage().startsWith("BGJ0034E: the failed record at position 4 cannot be retried: "
                + parts[1]), error.getMessage());
    }
}
