package dev.backgroundjobs.internal.common;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "mail", "high-priority", "reports_2026", "a.b/c", "café", "{resque}", "Q"})
    void acceptsNamesWithoutSeparatorsOrWhitespace(String queue) {
        assertTrue(QueueNames.isValid(queue), queue);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "\n"})
    void rejectsMissingAndBlankNames(String queue) {
        assertFalse(QueueNames.isValid(queue));
    }

    @ParameterizedTest
    @ValueSource(strings = {"high priority", " mail", "mail ", "a\tb", "a\nb"})
    void rejectsWhitespaceAnywhere(String queue) {
        assertFalse(QueueNames.isValid(queue), queue);
    }

    /** ',' separates the queues of a Resque worker id, ':' its fields. */
    @ParameterizedTest
    @ValueSource(strings = {"a,b", "a:b", ":", ","})
    void rejectsWorkerIdSeparators(String queue) {
        assertFalse(QueueNames.isValid(queue), queue);
    }

    /** '*' means every queue in a worker's queue list. */
    @ParameterizedTest
    @ValueSource(strings = {"*", "high*", "*mail"})
    void rejectsTheWildcard(String queue) {
        assertFalse(QueueNames.isValid(queue), queue);
    }
}
