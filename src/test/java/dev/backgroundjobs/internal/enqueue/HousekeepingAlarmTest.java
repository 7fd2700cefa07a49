package dev.backgroundjobs.internal.enqueue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

class HousekeepingAlarmTest {

    private final HousekeepingAlarm alarm = new HousekeepingAlarm();

    @Test
    void withoutAnAlarmItSleepsTheWholeWait() {
        long start = System.nanoTime();
        assertFalse(alarm.sleep(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190));
    }

    @Test
    void anAlarmSetDuringTheSleepEndsItWhenItComesDue() throws Exception {
        CompletableFuture<Long> slept = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            alarm.sleep(Duration.ofSeconds(10));
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        });
        Thread.sleep(100);
        alarm.ringAt(Instant.now().plusMillis(200));
        long millis = slept.get(5, TimeUnit.SECONDS);
        assertTrue(millis >= 250 && millis < 2_000, "slept " + millis + " ms");
    }

    @Test
    void aLaterAlarmDoesNotPostponeAnEarlierOneAndAPastOneIsForgottenOnceRung() {
        alarm.ringAt(Instant.now().plusMillis(100));
        alarm.ringAt(Instant.now().plusSeconds(60));
        long start = System.nanoTime();
        alarm.sleep(Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
        start = System.nanoTime();
        alarm.sleep(Duration.ofMillis(300));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(290), "the rung alarm is gone");
    }

    @Test
    void stopEndsTheSleepAtOnce() throws Exception {
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> alarm.sleep(Duration.ofSeconds(30)));
        Thread.sleep(100);
        alarm.stop();
        assertTrue(stopped.get(5, TimeUnit.SECONDS));
    }
}
