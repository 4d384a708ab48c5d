package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.currentTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A woven {@code return Task.of(x)} (or {@code Task.done()}) after the body's first suspension
 * completes the frame with the value and makes no task for it (contract 3,
 * {@code Coroutine.returned}): 24 B less per coroutine that ends after suspending. What every
 * awaiter, callback and future sees is as before, and so are the rules for a cancellation kept while
 * the body ran (asyncio's {@code _must_cancel}: the task ends cancelled though its coroutine returned).
 */
@Timeout(60)
class ValueReturnedTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final List<String> log = new ArrayList<>();

    // ---- allocation -------------------------------------------------------------------------

    @Async
    static Task<Integer> once(int i) {
        await(sleep(0));
        return Task.of(i & 127); // a cached Integer: the frame is all the call allocates
    }

    @Async
    static Task<Long> calls(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(once(i));
        }
        return Task.of(sum);
    }

    private static long allocatedBy(int n) {
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        long sum = Weft.run(() -> calls(n));
        long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
        long expected = 0;
        for (int i = 0; i < n; i++) {
            expected += i & 127;
        }
        assertEquals(expected, sum);
        return allocated;
    }

    /**
     * A coroutine that suspends once (an awaited {@code sleep(0)}: nothing) and returns
     * {@code Task.of(v)} allocates its frame and nothing else: 40 B. It was 72 B, with the task the
     * return made and the frame's completion read and dropped, then 48 B while a kept cancellation
     * had a field of its own in every frame.
     */
    @Test
    void aCoroutineEndingAfterASuspensionAllocatesOnlyItsFrame() {
        int few = 2_000;
        int many = 42_000;
        for (int i = 0; i < 10; i++) {
            allocatedBy(many); // warm up: compiled code
        }
        long perCall = Long.MAX_VALUE;
        for (int i = 0; i < 5 && perCall != 40; i++) { // a compilation in between allocates too
            perCall = Math.min(perCall, Math.round((double) (allocatedBy(many) - allocatedBy(few)) / (many - few)));
        }
        assertEquals(40, perCall, "bytes per call");
    }

    // ---- values -----------------------------------------------------------------------------

    @Async
    static Task<Object> returns(Object value) {
        await(sleep(0));
        return Task.of(value);
    }

    @Async
    static Task<Void> returnsDone() {
        await(sleep(0));
        return Task.done();
    }

    @Async
    static Task<Object> returnsAwaited(Task<?> t) {
        return Task.of(await(t));
    }

    @Test
    void awaitersCallbacksAndFuturesSeeTheValue() throws Exception {
        Object value = new Object();
        List<Object> seen = Virtual.run(() -> seesValues(value));
        assertEquals(List.of(value, "callback", value, "done", "null", "null", "task inner"), seen);
    }

    @Async
    Task<List<Object>> seesValues(Object value) {
        List<Object> seen = new ArrayList<>();
        seen.add(await(returns(value)));
        Task<Object> t = createTask(() -> returns(value));
        List<String> callback = new ArrayList<>();
        t.whenDone(d -> callback.add("callback"));
        CompletableFuture<Object> f = t.toCompletableFuture();
        Object v = await(t);
        seen.addAll(callback);
        seen.add(f.getNow(null));
        seen.add(v == value ? "done" : "other");
        seen.add(String.valueOf(await(returnsDone())));
        seen.add(String.valueOf(await(returns(null))));
        Task<?> inner = (Task<?>) await(returns(Task.of("inner")));
        seen.add("task " + inner.result());
        return Task.of(seen);
    }

    /** A frame resumed off any loop (its awaited task completed by another thread) returns its value there. */
    @Test
    void aFrameResumedOffAnyLoopCompletesWithItsValue() throws Exception {
        Promise<String> p = Task.promise();
        Task<Object> t = returnsAwaited(p);
        assertTrue(!t.isDone());
        Thread other = new Thread(() -> p.complete("from another thread"));
        other.start();
        other.join();
        assertEquals("from another thread", t.toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    // ---- cancellation kept while the body ran -----------------------------------------------

    @Async
    Task<Integer> cancelsItselfAndReturns() {
        await(sleep(0));
        currentTask().cancel("why");
        log.add("returns");
        return Task.of(5);
    }

    /**
     * <pre>
     * async def body():
     *     await asyncio.sleep(0)
     *     asyncio.current_task().cancel("why"); log.append("returns"); return 5
     * t = asyncio.create_task(body())
     * try: log.append(f"got {await t}")
     * except asyncio.CancelledError as e: log.append(f"cancelled {e.args} {t.cancelled()}")
     * </pre>
     * prints {@code returns}, {@code cancelled ('why',) True} under CPython 3.13.
     */
    @Test
    void aTaskCancelledWhileItRanEndsCancelledThoughItReturnedAValue() {
        Virtual.run(() -> awaitsCancelled(createTask(this::cancelsItselfAndReturns)));
        assertEquals(List.of("returns", "cancelled why true"), log);
    }

    @Async
    Task<Void> awaitsCancelled(Task<Integer> t) {
        try {
            log.add("got " + await(t));
        } catch (CancelledException e) {
            log.add("cancelled " + e.getMessage() + " " + t.isCancelled());
        }
        return Task.done();
    }

    /** The cancelled frame keeps nothing of the value it returned (the value waits in its awaited field). */
    @Test
    void theCancelledFrameHoldsNoValue() throws Exception {
        List<Task<Integer>> frames = new ArrayList<>();
        Virtual.run(() -> awaitsCancelled(createTask(() -> {
            Task<Integer> frame = cancelsItselfAndReturns();
            frames.add(frame);
            return frame;
        })));
        assertEquals(List.of("returns", "cancelled why true"), log);
        Task<Integer> frame = frames.get(0);
        assertTrue(frame instanceof dev.weft.internal.Coroutine, "the method returned its frame");
        CancelledException e = assertThrows(CancelledException.class, frame::result);
        assertEquals("why", e.getMessage());
        java.lang.reflect.Field awaited = dev.weft.internal.Coroutine.class.getDeclaredField("awaited");
        awaited.setAccessible(true);
        assertEquals(null, awaited.get(frame));
    }

    @Test
    void theValueOfAFrameCompletedAtOnceIsTheSameObject() {
        Object value = new Object();
        assertSame(value, Virtual.run(() -> returns(value)));
    }
}
