package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.BatchStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchStoreParseTest {

    @Test
    void aRecordAsTheScriptsWriteItIsRead() {
        Map<String, String> open = Map.of("total", "5", "pending", "2", "succeeded", "2", "failed", "4", "dead", "1",
                "created", "1764748800", "success_queue", "q", "success_payload", "{}");

        assertEquals(Optional.of(new BatchStatus("b", 5, 2, 2, 4, 1, Instant.ofEpochSecond(1764748800), Optional.empty())),
                BatchStore.parse("b", open));
    }

    @Test
    void aCompletedRecordSaysWhen() {
        Map<String, String> done = Map.of("total", "1", "pending", "0", "succeeded", "1", "failed", "0", "dead", "0",
                "created", "10", "completed", "12", "fired", "success,complete");

        assertEquals(Optional.of(Instant.ofEpochSecond(12)), BatchStore.parse("b", done).orElseThrow().completed());
    }

    @Test
    void noRecordOrAnotherHashIsNoBatch() {
        assertEquals(Optional.empty(), BatchStore.parse("b", Map.of()));
        assertEquals(Optional.empty(), BatchStore.parse("b", Map.of("x", "1")));
        assertEquals(Optional.empty(), BatchStore.parse("b", Map.of("total", "many", "pending", "0", "succeeded", "0",
                "failed", "0", "dead", "0", "created", "1")));
    }

    @Test
    void onlyIdsAsBatchesAreGivenThemNameABatch() {
        assertTrue(BatchStore.isBatchId("0123456789abcdef0123456789abcdef"));
        assertFalse(BatchStore.isBatchId("0123456789abcdef0123456789abcde"));
        assertFalse(BatchStore.isBatchId("../queue:x"));
        assertFalse(BatchStore.isBatchId(null));
    }
}
