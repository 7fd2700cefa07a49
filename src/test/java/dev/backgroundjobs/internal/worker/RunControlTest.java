package dev.backgroundjobs.internal.worker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunControlTest {

    final RunControl control = new RunControl("j1");

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void nothingIsInterruptedBeforeTheRunBeginsOrAfterItEnded() {
        assertFalse(control.interrupt(), "not begun");
        control.begin();
        control.end();

        assertFalse(control.interrupt(), "ended");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void anInterruptDuringTheRunReachesItsThreadOnceAndIsTakenBackAtItsEnd() {
        control.begin();

        assertTrue(control.interrupt());
        assertTrue(Thread.currentThread().isInterrupted());
        assertFalse(control.interrupt(), "once");
        control.end();

        assertFalse(Thread.currentThread().isInterrupted(), "the loop and its next job see no interrupt");
        assertTrue(control.interrupted());
    }

    @Test
    void anInterruptSentByAnotherKeepsItsFlag() {
        control.begin();
        // The server's shutdown interrupts the loop past its grace period; that one is not ours to take back.
        Thread.currentThread().interrupt();
        control.end();

        assertTrue(Thread.currentThread().isInterrupted());
    }

    @Test
    void theGracePeriodCountsFromWhenTheRequestWasFirstSeen() {
        assertFalse(control.cancelRequested());
        control.requestSeen(100);
        control.requestSeen(500);

        assertTrue(control.cancelRequested());
        assertEquals(100, control.seenAt());
    }
}
