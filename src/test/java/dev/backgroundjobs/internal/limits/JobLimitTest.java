package dev.backgroundjobs.internal.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobLimitTest {

    final List<String> problems = new ArrayList<>();

    Optional<JobLimit> read(int arity, Map<String, String> config) {
        return JobLimit.read("Mail", arity, key -> Optional.ofNullable(config.get(key)), problems);
    }

    @Test
    void noKeysNoLimit() {
        assertEquals(Optional.empty(), read(1, Map.of()));
        assertEquals(List.of(), problems);
    }

    @Test
    void aRateLimitIsStartsPerPeriod() {
        JobLimit limit = read(1, Map.of("background-jobs.job.Mail.rate-limit", " 50 / 1s ")).orElseThrow();

        assertEquals(new JobLimit("Mail", 50, Duration.ofSeconds(1), 0, -1, ""), limit);
        assertEquals("50 1000 0 60000 -1 ", limit.spec(Duration.ofSeconds(60)));
        assertEquals(Optional.empty(), limit.keyDescription());
    }

    @Test
    void aConcurrencyLimitPerFieldOfAnArgument() {
        JobLimit limit = read(2, Map.of("background-jobs.job.Mail.concurrency-limit", "3",
                "background-jobs.job.Mail.rate-limit", "1000/PT1H",
                "background-jobs.job.Mail.limit-key", "1.tenant")).orElseThrow();

        assertEquals(new JobLimit("Mail", 1000, Duration.ofHours(1), 3, 1, "tenant"), limit);
        assertEquals("1000 3600000 3 5000 1 tenant", limit.spec(Duration.ofSeconds(5)));
        assertEquals(Optional.of("args[1].tenant"), limit.keyDescription());
        assertEquals(List.of(), problems);
    }

    @Test
    void aKeyByPositionAlone() {
        assertEquals(0, read(1, Map.of("background-jobs.job.Mail.concurrency-limit", "1",
                "background-jobs.job.Mail.limit-key", "0")).orElseThrow().keyArgument());
    }

    @Test
    void badValuesNameTheirKeyAndWhatIsExpected() {
        assertEquals(Optional.empty(), read(1, Map.of("background-jobs.job.Mail.rate-limit", "50 per second",
                "background-jobs.job.Mail.concurrency-limit", "0",
                "background-jobs.job.Mail.limit-key", "1")));

        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("BGJ0010E: configuration background-jobs.job.Mail.rate-limit='50 per second'"
                + " is not valid: expected STARTS/PERIOD"), problems.get(0));
        assertTrue(problems.get(1).startsWith("BGJ0010E: configuration background-jobs.job.Mail.concurrency-limit='0'"),
                problems.get(1));
        assertTrue(problems.get(2).contains("limit-key='1' is not valid: expected the position of an argument of perform (0 to 0)"),
                problems.get(2));
    }

    @Test
    void aRateOfZeroOrAPeriodBelowAMillisecondIsRefused() {
        read(1, Map.of("background-jobs.job.Mail.rate-limit", "0/1s"));
        read(1, Map.of("background-jobs.job.Mail.rate-limit", "5/PT0.0005S"));
        read(1, Map.of("background-jobs.job.Mail.rate-limit", "5/0s"));

        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void aKeyWithoutALimitIsAProblem() {
        assertEquals(Optional.empty(), read(1, Map.of("background-jobs.job.Mail.limit-key", "0.tenant")));

        assertEquals(List.of("BGJ0150E: configuration background-jobs.job.Mail.limit-key names the argument to count"
                + " limits by, but the job has no limit; set background-jobs.job.Mail.rate-limit or"
                + " background-jobs.job.Mail.concurrency-limit, or remove background-jobs.job.Mail.limit-key"), problems);
    }
}
