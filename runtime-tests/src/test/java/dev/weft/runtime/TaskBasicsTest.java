package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tasks: names, current and all tasks, callbacks, run's cleanup; ported from test_tasks.py and test_runners.py. */
class TaskBasicsTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Task<String> tick(String name, long interval) {
        try {
            for (;;) {
                log.add(name + ": tick at " + Virtual.nowMs());
                await(sleep(interval));
            }
        } finally {
            log.add(name + " stopped at " + Virtual.nowMs());
        }
    }

    // the seed's "Tasks" example: two background tickers cancelled after 5 s
    @Test
    void backgroundTasksTickUntilCancelled() {
        Virtual.run(() -> {
            Task<String> a = createTask(() -> tick("A", 1000));
            Task<String> b = createTask(() -> tick("B", 2000));
            await(sleep(5000));
            a.cancel();
            b.cancel();
            return Task.done();
        });
        // At 2000 and 4000 both are due: B's timer was set first (at 0 and 2000), so it fires first.
        assertEquals(List.of("A: tick at 0", "B: tick at 0", "A: tick at 1000", "B: tick at 2000", "A: tick at 2000",
                "A: tick at 3000", "B: tick at 4000", "A: tick at 4000", "A stopped at 5000", "B stopped at 5000"), log);
    }

    // test_current_task
    @Test
    void currentTaskIsTheTaskWhoseCodeRuns() {
        Virtual.run(() -> {
            Task<?> main = Weft.currentTask();
            Task<Task<?>>[] holder = new Task[1];
            holder[0] = createTask(() -> {
                Task<?> before = Weft.currentTask();
                await(sleep(10));
                assertSame(before, Weft.currentTask());
                return Task.of(before);
            });
            Task<?> seen = await(holder[0]);
            assertSame(holder[0], seen);
            assertSame(main, Weft.currentTask());
            return Task.done();
        });
    }

    // test_current_task_with_interleaving_tasks
    @Test
    void currentTaskFollowsInterleavedTasks() {
        Virtual.run(() -> {
            Task<String> a = createTask(() -> whoAmI(10), "a");
            Task<String> b = createTask(() -> whoAmI(5), "b");
            log.add(await(a) + await(b));
            return Task.done();
        });
        assertEquals(List.of("b:b", "a:a", "aabb"), log.subList(0, 3));
    }

    @Async
    Task<String> whoAmI(long ms) {
        String before = Weft.currentTask().name();
        await(sleep(ms));
        String after = Weft.currentTask().name();
        log.add(before + ":" + after);
        return Task.of(before + after);
    }

    // current_task outside any task is null
    @Test
    void currentTaskInAPlainCallbackIsNull() {
        String r = Virtual.run(() -> {
            List<Object> seen = new ArrayList<>();
            Weft.loop().callSoon(() -> seen.add(String.valueOf(Weft.currentTask())));
            await(sleep(1));
            return Task.of((String) seen.get(0));
        });
        assertEquals("null", r);
    }

    // test_task_repr / names: Task-N unless named
    @Test
    void tasksAreNamedTaskNUnlessNamed() {
        String r = Virtual.run(() -> {
            Task<String> a = createTask(() -> Task.of("x"));
            Task<String> b = createTask(() -> Task.of("y"), "worker");
            return Task.of(Weft.currentTask().name() + " " + a.name() + " " + b.name());
        });
        assertEquals("Task-1 Task-2 worker", r);
        assertNull(Task.of(1).name());
    }

    // test_all_tasks
    @Test
    void allTasksListsTheTasksNotDone() {
        String r = Virtual.run(() -> {
            Task<String> a = createTask(() -> tick("A", 10), "a");
            Task<String> b = createTask(() -> Task.of("quick"), "b");
            await(sleep(1));
            StringBuilder s = new StringBuilder();
            for (Task<?> t : Weft.allTasks()) {
                s.append(t.name()).append(' ');
            }
            a.cancel();
            await(sleep(0));
            s.append("| ").append(Weft.allTasks().size()).append(" b=").append(b.result());
            return Task.of(s.toString());
        });
        assertEquals("Task-1 a | 1 b=quick", r);
    }

    // test_add_done_callback: callbacks run in registration order, on the turn after the task
    // ended (asyncio's call_soon), also when added to a task already done. CPython 3.13's trace.
    @Test
    void doneCallbacksRunInOrderOnTheNextTurn() {
        Virtual.run(() -> {
            Task<String> t = createTask(() -> value(10));
            t.whenDone(x -> log.add("first " + x.result()));
            t.whenDone(x -> log.add("second"));
            log.add("registered");
            await(t);
            log.add("after await");
            t.whenDone(x -> log.add("late"));
            log.add("added late");
            await(sleep(0));
            log.add("after a turn");
            return Task.done();
        });
        assertEquals(List.of("registered", "first v", "second", "after await", "added late", "late", "after a turn"), log);
    }

    // A done callback does not run inside complete(): on the next turn
    @Test
    void aDoneCallbackRunsOnTheTurnAfterTheCompletion() {
        Virtual.run(() -> {
            dev.weft.Promise<Integer> f = Task.promise();
            f.whenDone(x -> log.add("callback"));
            f.complete(1);
            log.add("completed");
            await(sleep(0));
            log.add("next turn");
            return Task.done();
        });
        assertEquals(List.of("completed", "callback", "next turn"), log);
    }

    @Async
    Task<Void> firstStep(String name) {
        log.add(name + " first step");
        try {
            await(sleep(1000));
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            throw e;
        }
        return Task.done();
    }

    // asyncio.run: a task created in main's last step runs its first step (run_until_complete stops
    // the loop on the turn after), and is then cancelled
    @Test
    void runStartsTheTasksMainCreatedLastAndThenCancelsThem() {
        Virtual.run(() -> {
            createTask(() -> firstStep("a"));
            log.add("main returns");
            return Task.done();
        });
        assertEquals(List.of("main returns", "a first step", "a cancelled"), log);
    }

    @Async
    Task<String> value(long ms) {
        await(sleep(ms));
        return Task.of("v");
    }

    // test_exception: a failure travels through awaits as it is
    @Test
    void aFailurePropagatesThroughAwaitsAsItIs() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Virtual.run(() -> createTask(this::deepFailure)));
        assertEquals("deep", e.getMessage());
    }

    @Async
    Task<String> deepFailure() {
        await(sleep(1));
        return Task.of(await(deeper()));
    }

    @Async
    Task<String> deeper() {
        await(sleep(1));
        throw new UnsupportedOperationException("deep");
    }

    // test_asyncio_run_cancels_hanging_tasks: run cancels what is left and lets it clean up
    @Test
    void runCancelsLeftoverTasksAndAwaitsTheirCleanup() {
        String r = Virtual.run(() -> {
            createTask(() -> tick("bg", 100));
            createTask(this::slowCleanup);
            await(sleep(150));
            return Task.of("main done");
        });
        assertEquals("main done", r);
        assertEquals(List.of("bg: tick at 0", "bg: tick at 100", "bg stopped at 150", "cleanup done at 160"), log);
    }

    @Async
    Task<Void> slowCleanup() {
        try {
            await(sleep(100_000));
        } catch (CancelledException e) {
            await(sleep(10));
            log.add("cleanup done at " + Virtual.nowMs());
            throw e;
        }
        return Task.done();
    }

    // test_asyncio_run_from_running_loop
    @Test
    void runInsideARunningLoopSaysToAwait() {
        String msg = Virtual.run(() -> {
            try {
                Weft.run(() -> Task.of(1));
                return Task.of("no");
            } catch (IllegalStateException e) {
                return Task.of(e.getMessage());
            }
        });
        assertEquals("Weft.run() cannot be called from a running event loop; use await(...) instead", msg);
    }

    // test_sleep: sleeps end in deadline order, equal deadlines in call order
    @Test
    void sleepsEndInDeadlineOrderThenCallOrder() {
        Virtual.run(() -> {
            Task<String> a = createTask(() -> value("a", 20));
            Task<String> b = createTask(() -> value("b", 10));
            Task<String> c = createTask(() -> value("c", 20));
            await(Weft.gather(a, b, c));
            return Task.done();
        });
        assertEquals(List.of("b@10", "a@20", "c@20"), log);
    }

    @Async
    Task<String> value(String name, long ms) {
        await(sleep(ms));
        log.add(name + "@" + Virtual.nowMs());
        return Task.of(name);
    }

    // cancelling a task through its CompletableFuture cancels the task
    @Test
    void cancellingTheCompletableFutureCancelsTheTask() {
        String r = Virtual.run(() -> {
            Task<String> t = createTask(() -> value("x", 100));
            java.util.concurrent.CompletableFuture<String> f = t.toCompletableFuture();
            await(sleep(1));
            f.cancel(false);
            try {
                await(t);
            } catch (CancelledException e) {
                return Task.of("task cancelled, future cancelled " + f.isCancelled());
            }
            return Task.of("no");
        });
        assertEquals("task cancelled, future cancelled true", r);
    }

    // awaiting a cancelled CompletableFuture throws CancelledException
    @Test
    void awaitingACancelledFutureThrowsCancelledException() {
        String r = Virtual.run(() -> {
            java.util.concurrent.CompletableFuture<String> f = new java.util.concurrent.CompletableFuture<>();
            Weft.loop().callLater(java.time.Duration.ofMillis(5), () -> f.cancel(false));
            try {
                await(f);
            } catch (CancelledException e) {
                return Task.of("cancelled: " + (e.getCause() instanceof java.util.concurrent.CancellationException));
            }
            return Task.of("no");
        });
        assertEquals("cancelled: true", r);
    }
}
