package dev.backgroundjobs.internal.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueuePatternsTest {

    @ParameterizedTest
    @CsvSource({
            "mail, mail, true",
            "mail, mails, false",
            "mails, mail, false",
            "*, anything, true",
            "mail*, mail, true",
            "mail*, mail-high, true",
            "mail*, email, false",
            "*-high, mail-high, true",
            "*-high, mail-low, false",
            "a*c, abc, true",
            "a*c, ac, true",
            "a*c, ab, false",
            "a*b*c, axbyc, true",
            "a*b*c, axcyb, false",
            "ab*ba, aba, false"
    })
    void matchesAsResqueReadsQueueLists(String pattern, String queue, boolean matches) {
        assertEquals(matches, QueuePatterns.matches(pattern, queue));
    }
}
