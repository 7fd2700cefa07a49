package dev.backgroundjobs.internal.redis;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The two answers of a composed script, one of which may be an error reply. */
class ScheduleStorePartAnswerTest {

    @Test
    void aPartsListIsItsAnswer() {
        List<?> pair = List.of(List.of(1L, "".getBytes()), new JedisDataException("BGJ0028E: k is a zset, not a list"));

        assertEquals(1L, ScheduleStore.partAnswer(pair, 0).get(0));
    }

    @Test
    void aPartsErrorReplyIsThrownWithItsMessage() {
        List<?> pair = List.of(List.of(1L, "".getBytes()), new JedisDataException("BGJ0028E: k is a zset, not a list"));

        JedisDataException error = assertThrows(JedisDataException.class, () -> ScheduleStore.partAnswer(pair, 1));

        assertEquals("BGJ0028E: k is a zset, not a list", error.getMessage());
    }
}
