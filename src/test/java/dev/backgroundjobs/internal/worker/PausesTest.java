package dev.backgroundjobs.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backgroundjobs.internal.config.PoolConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

class PausesTest {

    private final Pauses pauses = new Pauses();
    private final PoolConfig mailAndCache = new PoolConfig("main", List.of("mail", "cache"), 2, "exec");
    private final PoolConfig everything = new PoolConfig("any", List.of("*"), 1, "exec");

    @Test
    void aPoolWithSomeQueuesPausedStillTakesFromTheOthers() {
        pauses.pauseQueue("mail");
        assertFalse(pauses.idle(mailAndCache));
        assertEquals(List.of("mail"), pauses.pausedQueues());
    }

    @Test
    void aPoolWhoseQueuesAreAllPausedIsIdleButAnAllQueuesPoolIsNot() {
        pauses.pauseQueue("mail");
        pauses.pauseQueue("cache");
        assertTrue(pauses.idle(mailAndCache));
        assertFalse(pauses.idle(everything));
        assertEquals(List.of("cache", "mail"), pauses.pausedQueues());
    }

    @Test
    void aPausedPoolIsIdleUntilResumed() {
        assertTrue(pauses.pausePool("any"));
        assertFalse(pauses.pausePool("any"), "already paused");
        assertTrue(pauses.idle(everything));
        assertTrue(pauses.resumePool("any"));
        assertFalse(pauses.idle(everything));
    }

    @Test
    void resumingAQueueTakesItOffTheList() {
        pauses.pauseQueue("mail");
        assertTrue(pauses.resumeQueue("mail"));
        assertFalse(pauses.resumeQueue("mail"), "not paused any more");
        assertEquals(List.of(), pauses.pausedQueues());
        assertFalse(pauses.queuePaused("mail"));
    }
}
