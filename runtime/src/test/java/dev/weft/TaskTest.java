package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskTest {
    @Test
    void completedTasksReportTheirOutcome() {
        Task<String> ok = Task.of("v");
        assertTrue(ok.isDone());
        assertFalse(ok.isFailed());
        assertEquals("v", ok.result());
        assertNull(ok.exception());
        assertEquals("Task[succeeded: v]", ok.toString());

        Task<Void> done = Task.done();
        assertNull(done.result());

        IOException io = new IOException("io");
        Task<String> failed = Task.failed(io);
        assertTrue(failed.isFailed());
        assertSame(io, failed.exception());
        assertSame(io, assertThrows(IOException.class, failed::result), "as await: the exception as it is");
    }

    @Test
    void pendingTaskRefusesResultAndCompletesOnce() {
        Promise<Integer> p = Task.promise();
        IllegalStateException e = assertThrows(IllegalStateException.class, p::result);
        assertEquals("Task is not done yet; await it instead", e.getMessage());
        assertTrue(p.complete(1));
        assertFalse(p.complete(2));
        assertFalse(p.completeExceptionally(new RuntimeException()));
        assertEquals(1, p.result());
    }

    @Test
    void cancelCompletesWithCancelledExceptionCarryingTheMessage() {
        Promise<Integer> p = Task.promise();
        assertTrue(p.cancel("stop"));
        assertTrue(p.isCancelled());
        assertFalse(p.isFailed(), "a cancellation is not a failure");
        CancelledException c = assertThrows(CancelledException.class, p::result);
        assertEquals("stop", c.getMessage());
        assertFalse(p.cancel());
    }

    /** Future.State's three ends: SUCCESS, FAILED, CANCELLED; a task is in one of them once done. */
    @Test
    void aCancelledTaskIsNeitherFailedNorReadableAsAnException() {
        Promise<Integer> p = Task.promise();
        p.cancel("stop");
        assertTrue(p.isDone() && p.isCancelled());
        assertFalse(p.isFailed());
        assertEquals("stop", assertThrows(CancelledException.class, p::exception).getMessage());

        Task<Integer> cancelled = Task.failed(new CancelledException("made so"));
        assertTrue(cancelled.isCancelled());
        assertFalse(cancelled.isFailed());
    }

    /** As asyncio's: a gather that a child's cancellation failed is failed, not cancelled. */
    @Test
    void aGatherThatAChildsCancellationFailedIsFailed() {
        Promise<String> child = Task.promise();
        Task<List<String>> g = Weft.gather(child, Task.of("x"));
        child.cancel("child");
        assertTrue(g.isFailed());
        assertFalse(g.isCancelled());
        CancelledException c = assertInstanceOf(CancelledException.class, g.exception());
        assertEquals("child", c.getMessage());
        assertSame(c, assertThrows(CancelledException.class, g::result));
    }

    /** result() reads a failed task as await does: no CompletionException around the exception. */
    @Test
    void resultThrowsTheExceptionOfAFailedTaskAsItIs() {
        IllegalStateException boom = new IllegalStateException("boom");
        Promise<String> p = Task.promise();
        p.completeExceptionally(boom);
        assertTrue(p.isFailed());
        assertSame(boom, assertThrows(IllegalStateException.class, p::result));
        assertSame(boom, p.exception());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Task.promise().completeExceptionally(null));
        assertEquals("exception", npe.getMessage());
        assertEquals("exception", assertThrows(NullPointerException.class, () -> Task.failed(null)).getMessage());
    }

    @Test
    void completingExceptionallyWithACancellationCancels() {
        Promise<String> p = Task.promise();
        assertTrue(p.completeExceptionally(new CancelledException("by hand")));
        assertTrue(p.isCancelled());
        assertFalse(p.isFailed());
        assertFalse(p.complete("late"));
    }

    @Test
    void callbacksRunInRegistrationOrderOnceAndAtOnceWhenDone() {
        Promise<String> p = Task.promise();
        List<String> seen = new ArrayList<>();
        p.whenDone(t -> seen.add("1:" + t.result()));
        p.whenDone(t -> seen.add("2:" + t.result()));
        p.whenDone(t -> seen.add("3:" + t.result()));
        assertEquals(List.of(), seen);
        p.complete("x");
        p.complete("y");
        p.whenDone(t -> seen.add("4:" + t.result()));
        assertEquals(List.of("1:x", "2:x", "3:x", "4:x"), seen);
    }

    @Test
    void aThrowingDoneCallbackIsReportedAndTheOtherWaitersAreStillTold() {
        List<String> seen = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        String r = Weft.run(() -> {
            Promise<String> p = Task.promise();
            p.whenDone(t -> seen.add("first"));
            p.whenDone(t -> {
                throw new IllegalStateException("callback broke");
            });
            p.whenDone(t -> seen.add("third"));
            p.complete("v");
            return p;
        }, RunOptions.defaults().withReporter((message, error) -> reported.add(message + " / " + error.getMessage())));
        assertEquals("v", r);
        assertEquals(List.of("first", "third"), seen);
        assertEquals(List.of("Exception in done callback of Promise[succeeded: v] / callback broke"), reported);
    }

    @Test
    void convertsToAndFromCompletableFuture() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        Task<String> t = Task.from(f);
        assertFalse(t.isDone());
        f.completeExceptionally(new CompletionException(new IOException("net")));
        assertEquals(IOException.class, t.exception().getClass());

        assertEquals("now", Task.from(CompletableFuture.completedFuture("now")).result());

        Promise<Integer> p = Task.promise();
        CompletableFuture<Integer> back = p.toCompletableFuture();
        p.complete(7);
        assertEquals(7, back.get(1, TimeUnit.SECONDS));

        Promise<Integer> q = Task.promise();
        q.toCompletableFuture().cancel(false);
        assertTrue(q.isCancelled());
    }

    @Test
    void completionFromManyThreadsRunsEveryCallbackExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            Promise<Integer> p = Task.promise();
            int[] calls = new int[1];
            CountDownLatch start = new CountDownLatch(1);
            Thread adder = new Thread(() -> {
                await(start);
                for (int i = 0; i < 50; i++) {
                    p.whenDone(t -> {
                        synchronized (calls) {
                            calls[0]++;
                        }
                    });
                }
            });
            Thread completer = new Thread(() -> {
                await(start);
                p.complete(round(1));
            });
            adder.start();
            completer.start();
            start.countDown();
            adder.join();
            completer.join();
            synchronized (calls) {
                assertEquals(50, calls[0]);
            }
        }
    }

    private static int round(int x) {
        return x;
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Bug: a waiter that threw stopped the others from being told, and the error went to whoever completed the task. */
    @Test
    void aWaiterThatThrowsIsReportedAndTheOthersAreStillTold() {
        List<String> reports = new ArrayList<>();
        List<String> told = new ArrayList<>();
        String r = Weft.run(() -> {
            Promise<Integer> p = Task.promise();
            p.addCompletion(t -> {
                throw new StackOverflowError("in a waiter");
            });
            p.addCompletion(t -> told.add("second"));
            p.complete(1);
            return Task.of("main ended");
        }, RunOptions.defaults().withReporter((m, e) -> reports.add(m + " / " + e)));
        assertEquals("main ended", r);
        assertEquals(List.of("second"), told);
        assertEquals(List.of("Exception while telling a waiter that Promise[succeeded: 1] completed"
                + " / java.lang.StackOverflowError: in a waiter"), reports);
    }
}
