package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Handle;
import dev.weft.Loop;
import dev.weft.Outcome;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100k tasks with random sleeps, cancellations and failures on a virtual clock: every task ends
 * exactly once, with the outcome its schedule implies, and no timer or task is left behind.
 */
class StressTest {
    private static final int N = 100_000;

    private final int[] bodyEnds = new int[N];
    private final int[] doneCallbacks = new int[N];

    @Async
    Task<Integer> worker(int i, long sleepMs, boolean fail, boolean nested) {
        try {
            if (nested) {
                await(nap(sleepMs / 2));
                await(nap(sleepMs - sleepMs / 2));
            } else {
                await(sleep(sleepMs));
            }
            if (fail) {
                throw new IllegalStateException("worker " + i);
            }
            return Task.of(i);
        } finally {
            bodyEnds[i]++;
        }
    }

    @Async
    Task<Void> nap(long ms) {
        await(sleep(ms));
        return Task.done();
    }

    @Test
    void hundredThousandTasksEndExactlyOnceAndLeaveNothingBehind() {
        Random random = new Random(20261124);
        long[] sleeps = new long[N];
        boolean[] fails = new boolean[N];
        boolean[] nested = new boolean[N];
        long[] cancelAt = new long[N];
        for (int i = 0; i < N; i++) {
            sleeps[i] = 2 * (1 + random.nextInt(500)); // even: never equal to a cancellation time
            fails[i] = random.nextInt(10) == 0;
            nested[i] = random.nextInt(4) == 0;
            cancelAt[i] = random.nextInt(5) == 0 ? 1 + 2 * random.nextInt(500) : -1; // odd, or none
        }
        String summary = Virtual.run(() -> {
            Loop loop = Weft.loop();
            List<Task<Integer>> tasks = new ArrayList<>(N);
            List<Handle> cancels = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                int index = i;
                Task<Integer> t = createTask(() -> worker(index, sleeps[index], fails[index], nested[index]));
                t.whenDone(done -> doneCallbacks[index]++);
                tasks.add(t);
                if (cancelAt[i] > 0) {
                    cancels.add(loop.callLater(Duration.ofMillis(cancelAt[i]), () -> t.cancel()));
                }
            }
            List<Outcome<Integer>> outcomes = await(gatherSettled(tasks));
            int values = 0;
            int failures = 0;
            int cancelled = 0;
            for (int i = 0; i < N; i++) {
                Outcome<Integer> o = outcomes.get(i);
                boolean expectCancelled = cancelAt[i] > 0 && cancelAt[i] < sleeps[i];
                if (expectCancelled) {
                    assertTrue(o.isCancelled(), i + ": " + o);
                    assertThrows(CancelledException.class, o::exception);
                    cancelled++;
                } else if (fails[i]) {
                    assertEquals("worker " + i, o.exception().getMessage());
                    failures++;
                } else {
                    assertEquals(i, o.result());
                    values++;
                }
            }
            for (Handle h : cancels) {
                h.cancel(); // those still pending leave the heap
            }
            assertEquals(0, loop.pendingTimers(), "timers left");
            assertEquals(1, Weft.allTasks().size(), "tasks left besides main");
            return Task.of(values + failures + cancelled + " ended");
        });
        assertEquals(N + " ended", summary);
        for (int i = 0; i < N; i++) {
            assertEquals(1, bodyEnds[i], "body ends of task " + i);
            assertEquals(1, doneCallbacks[i], "done callbacks of task " + i);
        }
    }

    @Test
    void aMillionPendingSleepsAreCheapToAddAndCancel() {
        int n = 1_000_000;
        int left = Virtual.run(() -> {
            List<Task<Void>> sleeps = new ArrayList<>(n);
            Random random = new Random(7);
            for (int i = 0; i < n; i++) {
                sleeps.add(sleep(1 + random.nextInt(1_000_000)));
            }
            int pending = Weft.loop().pendingTimers();
            for (Task<Void> s : sleeps) {
                s.cancel();
            }
            return Task.of(pending * 10 + Weft.loop().pendingTimers());
        });
        assertEquals(n * 10, left);
    }
}
