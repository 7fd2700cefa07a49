package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.redis.Cancellations;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CancelWatchTest {

    static final long GRACE = Duration.ofSeconds(2).toNanos();

    /** Redis as the watch reads it: which ids carry a mark, and what each look asked. */
    static final class Marks extends Cancellations {
        final Set<String> marked;
        final List<Collection<String>> asked = new ArrayList<>();

        Marks(String... marked) {
            this.marked = Set.of(marked);
        }

        @Override
        public Set<String> marked(Collection<String> jobIds) {
            asked.add(List.copyOf(jobIds));
            return Set.copyOf(jobIds.stream().filter(marked::contains).toList());
        }
    }

    final Marks marks = new Marks("asked");
    final CancelWatch watch = new CancelWatch(marks, Duration.ofNanos(GRACE), new StopSignal(), new OutageReporter());

    @Test
    void aMarkedRunIsToldAtOnceAndInterruptedOnlyOnceItsGraceHasPassed() throws Exception {
        RunControl control = new RunControl("asked");
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread run = new Thread(() -> {
            control.begin();
            begun.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            } finally {
                control.end();
            }
        });
        run.start();
        assertTrue(begun.await(5, TimeUnit.SECONDS));
        CancelWatch.Watched watched = watch.watch(control, "Slow");

        watch.check(1_000);
        assertTrue(control.cancelRequested());
        watch.check(1_000 + GRACE - 1);
        assertFalse(control.interrupted(), "not before the grace period is over");
        watch.check(1_000 + GRACE);

        assertTrue(interrupted.await(5, TimeUnit.SECONDS));
        watch.unwatch(watched);
        run.join(5_000);
        assertEquals(List.of(List.of("asked")), marks.asked, "a run already told is not asked about again");
    }

    @Test
    void anUnmarkedRunAndARunWithoutAnIdAreLeftAlone() {
        RunControl other = new RunControl("other");
        watch.watch(other, "Other");
        watch.watch(new RunControl(null), "Ruby");

        watch.check(1_000);
        watch.check(1_000 + 10 * GRACE);

        assertFalse(other.cancelRequested());
        assertEquals(List.of(List.of("other"), List.of("other")), marks.asked);
    }

    @Test
    void withNoRunsRedisIsNotAsked() {
        watch.check(1_000);

        assertEquals(List.of(), marks.asked);
    }
}
