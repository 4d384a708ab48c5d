package dev.weft.runtime;

import static dev.weft.Weft.asCompleted;
import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.waitTasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Outcome;
import dev.weft.Promise;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.WaitResult;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** gather, wait and asCompleted, ported from CPython's test_gather.py... and test_tasks.py (test_wait*, test_as_completed*). */
class GatherAndWaitTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Task<String> value(String v, long ms) {
        await(sleep(ms));
        log.add(v + " at " + Virtual.nowMs());
        return Task.of(v);
    }

    @Async
    Task<String> failure(String msg, long ms) {
        await(sleep(ms));
        log.add(msg + " fails at " + Virtual.nowMs());
        throw new IllegalStateException(msg);
    }

    // the seed's example: results in argument order after the longest delay
    @Test
    void gatherGivesValuesInArgumentOrderAfterTheSlowest() {
        String r = Virtual.run(() -> Task.of(await(gather(value("users", 2000), value("posts", 1000), value("comments", 3000)))
                + " at " + Virtual.nowMs()));
        assertEquals("[users, posts, comments] at 3000", r);
        assertEquals(List.of("posts at 1000", "users at 2000", "comments at 3000"), log);
    }

    // test_one_exception: the first failure fails the gather; the others keep running
    @Test
    void aFailureFailsTheGatherAndTheOthersKeepRunning() {
        String r = Virtual.run(() -> {
            Task<String> slow = createTask(() -> value("slow", 100));
            try {
                await(gather(slow, failure("bad", 10)));
                return Task.of("no");
            } catch (IllegalStateException e) {
                log.add("caught " + e.getMessage() + " at " + Virtual.nowMs());
            }
            return Task.of(await(slow));
        });
        assertEquals("slow", r);
        assertEquals(List.of("bad fails at 10", "caught bad at 10", "slow at 100"), log);
    }

    // test_return_exceptions
    @Test
    void gatherSettledGivesEveryOutcome() {
        List<Outcome<String>> r = Virtual.run(() -> gatherSettled(value("a", 10), failure("b", 5), value("c", 1)));
        assertEquals(3, r.size());
        assertEquals("a", r.get(0).result());
        assertEquals("b", r.get(1).exception().getMessage());
        assertTrue(r.get(2).isSuccess());
        assertEquals("b", assertThrows(IllegalStateException.class, () -> r.get(1).result()).getMessage());
    }

    // test_cancellation_is_an_outcome with return_exceptions
    @Test
    void gatherSettledListsACancelledChildAsCancelled() {
        List<Outcome<String>> r = Virtual.run(() -> {
            Task<String> a = createTask(() -> value("a", 100));
            Task<String> b = createTask(() -> value("b", 10));
            Task<List<Outcome<String>>> g = gatherSettled(a, b);
            await(sleep(1));
            a.cancel();
            return g;
        });
        assertTrue(r.get(0).isCancelled());
        assertEquals("b", r.get(1).result());
    }

    // test_cancel_gather_2: cancelling the gather cancels its children
    @Test
    void cancellingTheGatherCancelsItsChildren() {
        String r = Virtual.run(() -> {
            Task<String> a = createTask(() -> value("a", 100));
            Task<String> b = createTask(() -> value("b", 200));
            Task<List<String>> g = gather(a, b);
            await(sleep(1));
            g.cancel();
            try {
                await(g);
            } catch (CancelledException e) {
                log.add("gather cancelled");
            }
            await(sleep(0));
            return Task.of(a.isCancelled() + " " + b.isCancelled());
        });
        assertEquals("true true", r);
        assertEquals(List.of("gather cancelled"), log);
    }

    // test_empty_sequence
    @Test
    void gatherOfNothingIsAnEmptyList() {
        assertEquals(List.of(), Virtual.run(() -> gather()));
        assertEquals(List.of(), Virtual.run(() -> gatherSettled()));
    }

    // test_wait_first_completed
    @Test
    void waitFirstCompletedReturnsAsSoonAsOneIsDone() {
        String r = Virtual.run(() -> {
            Task<String> a = createTask(() -> value("a", 10));
            Task<String> b = createTask(() -> value("b", 100));
            WaitResult<String> w = await(Weft.waitTasks(List.of(a, b), ReturnWhen.FIRST_COMPLETED));
            String s = w.done().equals(Set.of(a)) + " " + w.pending().equals(Set.of(b)) + " at " + Virtual.nowMs();
            b.cancel();
            return Task.of(s);
        });
        assertEquals("true true at 10", r);
    }

    // test_wait_first_exception
    @Test
    void waitFirstExceptionReturnsAtTheFirstFailure() {
        String r = Virtual.run(() -> {
            Task<String> a = createTask(() -> value("a", 5));
            Task<String> b = createTask(() -> failure("b", 10));
            Task<String> c = createTask(() -> value("c", 100));
            WaitResult<String> w = await(Weft.waitTasks(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION));
            return Task.of(w.done().size() + " done, " + w.pending().size() + " pending at " + Virtual.nowMs());
        });
        assertEquals("2 done, 1 pending at 10", r);
    }

    // test_wait_first_exception_in_wait: without failures it waits for all
    @Test
    void waitFirstExceptionWithoutFailuresWaitsForAll() {
        String r = Virtual.run(() -> {
            WaitResult<String> w = await(Weft.waitTasks(List.of(value("a", 5), value("b", 30)), ReturnWhen.FIRST_EXCEPTION));
            return Task.of(w.done().size() + " at " + Virtual.nowMs());
        });
        assertEquals("2 at 30", r);
    }

    // test_wait (ALL_COMPLETED)
    @Test
    void waitAllCompletedWaitsForEveryTaskWithoutThrowing() {
        String r = Virtual.run(() -> {
            WaitResult<String> w = await(Weft.waitTasks(List.of(value("a", 5), failure("b", 20)), ReturnWhen.ALL_COMPLETED));
            return Task.of(w.done().size() + " " + w.pending().size() + " at " + Virtual.nowMs());
        });
        assertEquals("2 0 at 20", r);
    }

    // test_wait_with_timeout: the tasks are not cancelled
    @Test
    void waitWithATimeoutReturnsWhatIsDoneAndCancelsNothing() {
        String r = Virtual.run(() -> {
            Task<String> a = createTask(() -> value("a", 10));
            Task<String> b = createTask(() -> value("b", 100));
            WaitResult<String> w = await(Weft.waitTasks(List.of(a, b), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(50)));
            String s = w.done().size() + " " + w.pending().size() + " at " + Virtual.nowMs();
            return Task.of(s + ", b " + await(b));
        });
        assertEquals("1 1 at 50, b b", r);
    }

    // test_wait_errors: an empty set is an error
    @Test
    void waitOfNothingIsAnError() {
        Virtual.run(() -> {
            assertThrows(IllegalArgumentException.class, () -> Weft.waitTasks(List.<Task<String>>of(), ReturnWhen.ALL_COMPLETED));
            return Task.done();
        });
    }

    // asyncio.wait's twin has its own name: a static import of it is not hidden by Object.wait
    @Test
    void waitTasksIsCallableUnqualifiedAndNamedInItsErrors() {
        String r = Virtual.run(() -> {
            WaitResult<String> w = await(waitTasks(List.of(value("a", 5)), ReturnWhen.ALL_COMPLETED));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> waitTasks(List.<Task<String>>of(), ReturnWhen.ALL_COMPLETED));
            return Task.of(w.done().size() + " done at " + Virtual.nowMs() + "; " + e.getMessage());
        });
        assertEquals("1 done at 5; waitTasks() of an empty collection of tasks", r);
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> waitTasks(List.of(Task.of("x")), ReturnWhen.ALL_COMPLETED));
        assertEquals("waitTasks() needs a running event loop: call it from code started by Weft.run(...)", outside.getMessage());
    }

    // test_as_completed
    @Test
    void asCompletedGivesOutcomesInCompletionOrder() {
        List<String> r = Virtual.run(() -> {
            List<String> out = new ArrayList<>();
            for (Task<String> next : asCompleted(List.of(value("a", 30), value("b", 10), value("c", 20)))) {
                out.add(await(next) + "@" + Virtual.nowMs());
            }
            return Task.of(out);
        });
        assertEquals(List.of("b@10", "c@20", "a@30"), r);
    }

    // test_as_completed_with_timeout
    @Test
    void asCompletedTimesOutTheRest() {
        List<String> r = Virtual.run(() -> {
            List<String> out = new ArrayList<>();
            Task<String> slow = createTask(() -> value("slow", 1000));
            for (Task<String> next : asCompleted(List.of(value("fast", 10), slow), Duration.ofMillis(100))) {
                try {
                    out.add(await(next));
                } catch (AsyncTimeoutException e) {
                    out.add("timeout@" + Virtual.nowMs());
                }
            }
            slow.cancel();
            return Task.of(out);
        });
        assertEquals(List.of("fast", "timeout@100"), r);
    }

    /**
     * A task given twice is followed once: asyncio's {@code as_completed} takes {@code set(fs)}.
     * <pre>
     * e = asyncio.create_task(value("e", 0.01)); f = asyncio.create_task(value("f", 0.5))
     * nexts = list(asyncio.as_completed([e, e, f], timeout=0.05))
     * log.append(f"{len(nexts)} to await")
     * for n in nexts:
     *     try: log.append(f"{await n} at {elapsed}")
     *     except TimeoutError: log.append(f"timeout at {elapsed}")
     * f.cancel()
     * </pre>
     * CPython 3.13: {@code ['2 to await', 'e at 0.01', 'timeout at 0.05']}. Bug: three tasks to
     * await, the second of them "e" again.
     */
    @Test
    void asCompletedFollowsATaskGivenTwiceOnce() {
        List<String> r = Virtual.run(() -> {
            List<String> out = new ArrayList<>();
            Task<String> e = createTask(() -> value("e", 10));
            Task<String> f = createTask(() -> value("f", 500));
            List<Task<String>> nexts = asCompleted(List.of(e, e, f), Duration.ofMillis(50));
            out.add(nexts.size() + " to await");
            for (Task<String> next : nexts) {
                try {
                    out.add(await(next) + " at " + Virtual.nowMs());
                } catch (AsyncTimeoutException x) {
                    out.add("timeout at " + Virtual.nowMs());
                }
            }
            f.cancel();
            return Task.of(out);
        });
        assertEquals(List.of("2 to await", "e at 10", "timeout at 50"), r);
    }

    // ---- a cancelled child, a cancelled gather; the traces are CPython 3.13's for the same programs ----

    // FutureGatherTests.test_one_cancellation: a child's cancellation fails the gather, which is
    // not itself cancelled; later outcomes change nothing
    @Test
    void aCancelledChildFailsTheGatherWhichIsNotItselfCancelled() {
        Virtual.run(() -> {
            List<Promise<Integer>> p = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                p.add(Task.promise());
            }
            Task<List<Integer>> g = gather(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4));
            g.whenDone(t -> log.add("callback"));
            p.get(0).complete(1);
            p.get(1).cancel();
            await(sleep(0));
            await(sleep(0));
            log.add("done " + g.isDone() + ", cancelled " + g.isCancelled() + ", exception "
                    + g.exception().getClass().getSimpleName());
            p.get(2).complete(3);
            p.get(3).cancel();
            p.get(4).completeExceptionally(new IllegalStateException());
            await(sleep(0));
            log.add("still " + g.isDone() + " " + g.isCancelled());
            assertSame(assertThrows(CancelledException.class, () -> p.get(1).result()), g.exception());
            return Task.done();
        });
        assertEquals(List.of("callback", "done true, cancelled false, exception CancelledException", "still true false"), log);
    }

    @Async
    Task<String> slowToCancel(String name, int cleanupTurns) {
        try {
            await(sleep(10_000));
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            for (int i = 0; i < cleanupTurns; i++) {
                await(sleep(0));
            }
            log.add(name + " cleaned up");
            throw e;
        }
        return Task.of(name);
    }

    // A cancelled gather ends once a child has ended with the cancellation, not at once
    @Test
    void aCancelledGatherEndsAfterItsChildEnded() {
        Virtual.run(() -> {
            Task<String> a = createTask(() -> slowToCancel("a", 2));
            Task<List<String>> g = gather(a);
            await(sleep(0));
            log.add("cancel returns " + g.cancel() + ", done " + g.isDone());
            try {
                await(g);
            } catch (CancelledException e) {
                log.add("gather ended: cancelled " + g.isCancelled() + ", a done " + a.isDone());
            }
            return Task.done();
        });
        assertEquals(List.of("cancel returns true, done false", "a cancelled", "a cleaned up",
                "gather ended: cancelled false, a done true"), log);
    }

    // The same with two children: the first to end ends the gather
    @Test
    void aCancelledGatherEndsWithTheFirstChildToEnd() {
        List<String> seenByMain = Virtual.run(() -> {
            Task<String> a = createTask(() -> slowToCancel("a", 5));
            Task<String> b = createTask(() -> slowToCancel("b", 1));
            Task<List<String>> g = gather(a, b);
            await(sleep(0));
            log.add("cancel returns " + g.cancel() + ", done " + g.isDone());
            try {
                await(g);
            } catch (CancelledException e) {
                log.add("gather ended: cancelled " + g.isCancelled() + ", a done " + a.isDone() + ", b done " + b.isDone());
            }
            return Task.of(List.copyOf(log));
        });
        // (a cleans up for long enough that the turns asyncio spends relaying b's end to main don't matter)
        assertEquals(List.of("cancel returns true, done false", "a cancelled", "b cancelled", "b cleaned up",
                "gather ended: cancelled false, a done false, b done true"), seenByMain);
    }

    @Async
    Task<String> swallowsCancellation() {
        try {
            await(sleep(10_000));
        } catch (CancelledException e) {
            log.add("child swallows");
        }
        return Task.of("5");
    }

    // test_cancel_gather_2 (issue 32684): a child that swallows the cancellation still ends the
    // cancelled gather with a CancelledException
    @Test
    void aCancelledGatherFailsEvenIfTheChildSwallowedTheCancellation() {
        Virtual.run(() -> {
            Task<String> a = createTask(this::swallowsCancellation);
            Task<List<String>> g = gather(a);
            await(sleep(0));
            log.add("cancel returns " + g.cancel());
            try {
                log.add("result " + await(g));
            } catch (CancelledException e) {
                log.add("gather ended: cancelled " + g.isCancelled());
            }
            return Task.done();
        });
        assertEquals(List.of("cancel returns true", "child swallows", "gather ended: cancelled false"), log);
    }
}
