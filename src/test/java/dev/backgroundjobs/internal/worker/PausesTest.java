package dev.backgroundjobs.internal.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backgroundjobs.internal.config.PoolConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

class PausesTest {

    private final Pauses pauses = new Pauses();
    private final PoolConfig everything = new PoolConfig("any", List.of("*"), 1, "exec");
    private final PoolConfig mail = new PoolConfig("mail", List.of("mail"), 1, "exec");

    @Test
    void aPausedPoolIsIdleUntilResumed() {
        assertTrue(pauses.pausePool("any"));
        assertFalse(pauses.pausePool("any"), "already paused");
        assertTrue(pauses.idle(everything));
        assertTrue(pauses.poolPaused("any"));
        assertTrue(pauses.resumePool("any"));
        assertFalse(pauses.resumePool("any"), "not paused any more");
        assertFalse(pauses.idle(everything));
    }

    @Test
    void pausingOnePoolLeavesTheOthersRunning() {
        pauses.pausePool("mail");
        assertTrue(pauses.idle(mail));
        assertFalse(pauses.idle(everything));
        assertFalse(pauses.poolPaused("any"));
    }
}
