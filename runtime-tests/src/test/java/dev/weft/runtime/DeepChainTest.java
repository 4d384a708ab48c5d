package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Chains of 100,000 frames, each awaiting the next, resumed on a loop and off it: resumption takes
 * constant stack (frames that complete one another run one after another, not one inside another),
 * and the outermost task always completes. The resuming threads get a small stack on purpose.
 */
class DeepChainTest {
    static final int DEPTH = 100_000;
    /** Stack for the resuming threads: far too small for 100,000 nested resumptions. */
    static final long SMALL_STACK = 256 * 1024;

    /** EA Async style: futures in and out, completed by whatever thread. */
    @Async
    static CompletableFuture<Integer> futureLink(CompletableFuture<Integer> inner) {
        return CompletableFuture.completedFuture(await(inner) + 1);
    }

    @Async
    static Task<Integer> taskLink(Task<Integer> inner) {
        return Task.of(await(inner) + 1);
    }

    /** Built bottom up: each link suspends on the one before, so building takes no deep stack. */
    static CompletableFuture<Integer> futureChain(CompletableFuture<Integer> gate) {
        CompletableFuture<Integer> f = gate;
        for (int i = 0; i < DEPTH; i++) {
            f = futureLink(f);
        }
        return f;
    }

    static Task<Integer> taskChain(Task<Integer> gate) {
        Task<Integer> t = gate;
        for (int i = 0; i < DEPTH; i++) {
            t = taskLink(t);
        }
        return t;
    }

    /** Runs {@code r} on a new thread with {@code stack} bytes of stack and waits for it. */
    static void onThread(long stack, Runnable r) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "deep-chain", stack);
        t.start();
        t.join(TimeUnit.MINUTES.toMillis(2));
        assertTrue(!t.isAlive(), "the thread did not end");
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    // ---- off any loop ----------------------------------------------------------------------

    /** Bug: the resumption recursed; about 450 links deep it overflowed and the outer future never completed. */
    @Test
    void aChainOfFuturesResumedOffAnyLoopCompletes() throws Exception {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Integer> top = futureChain(gate);
        onThread(SMALL_STACK, () -> gate.complete(0));
        assertEquals(DEPTH, top.get(1, TimeUnit.MINUTES));
    }

    @Test
    void aChainOfTasksResumedOffAnyLoopCompletes() throws Exception {
        Promise<Integer> gate = Task.promise();
        Task<Integer> top = taskChain(gate);
        onThread(SMALL_STACK, () -> gate.complete(7));
        assertTrue(top.isDone());
        assertEquals(DEPTH + 7, top.result());
    }

    /** The failure of the innermost link reaches the outermost, through 100,000 resumptions. */
    @Test
    void aFailureTravelsUpAChainOffAnyLoop() throws Exception {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Integer> top = futureChain(gate);
        onThread(SMALL_STACK, () -> gate.completeExceptionally(new IllegalStateException("bottom")));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> top.get(1, TimeUnit.MINUTES));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("bottom", e.getCause().getMessage());
    }

    // ---- on a loop -------------------------------------------------------------------------

    @Async
    static Task<Integer> resumedOnTheLoop() {
        Promise<Integer> gate = Task.promise();
        Task<Integer> top = taskChain(gate);
        Weft.loop().callSoon(() -> gate.complete(1));
        return Task.of(await(top));
    }

    @Test
    void aChainOfTasksResumedOnALoopCompletes() throws Exception {
        AtomicReference<Integer> r = new AtomicReference<>();
        onThread(SMALL_STACK, () -> r.set(Weft.run(DeepChainTest::resumedOnTheLoop)));
        assertEquals(DEPTH + 1, r.get());
    }

    /** Each level returns the task of the next instead of awaiting it: the chain completes by delegation. */
    @Async
    static Task<Integer> delegatingCount(int n) {
        await(sleep(0));
        return n == 0 ? Task.of(0) : delegatingCount(n - 1);
    }

    @Test
    void aChainOfDelegatingFramesCompletesOnALoop() throws Exception {
        AtomicReference<Integer> r = new AtomicReference<>();
        onThread(SMALL_STACK, () -> r.set(Weft.run(() -> delegatingCount(DEPTH))));
        assertEquals(0, r.get());
    }

    @Test
    void aChainOfDelegatingFramesCompletesOffAnyLoop() throws Exception {
        @SuppressWarnings("unchecked")
        Promise<Void>[] gates = new Promise[DEPTH];
        for (int i = 0; i < DEPTH; i++) {
            gates[i] = Task.promise();
        }
        Task<Integer> top = delegatingOffLoop(gates, DEPTH - 1);
        // Each gate resumes one level, which starts the next and delegates to it; the last ends them all.
        onThread(SMALL_STACK, () -> {
            for (int i = DEPTH - 1; i >= 0; i--) {
                gates[i].complete(null);
            }
        });
        assertTrue(top.isDone());
        assertEquals(0, top.result());
    }

    @Async
    static Task<Integer> delegatingOffLoop(Promise<Void>[] gates, int n) {
        await(gates[n]);
        return n == 0 ? Task.of(0) : delegatingOffLoop(gates, n - 1);
    }

    /** Cancelling the outermost of 100,000 frames reaches the innermost, and every frame ends cancelled. */
    @Async
    static Task<String> cancelADeepChain() {
        Promise<Integer> gate = Task.promise();
        Task<Integer> top = taskChain(gate);
        Task<Integer> waiter = createTask(() -> top);
        await(sleep(0));
        waiter.cancel("enough");
        try {
            await(waiter);
            return Task.of("not cancelled");
        } catch (CancelledException e) {
            return Task.of(e.getMessage() + ", gate cancelled: " + gate.isCancelled() + ", top cancelled: " + top.isCancelled());
        }
    }

    @Test
    void cancellingTheTopOfADeepChainCancelsItAll() throws Exception {
        AtomicReference<String> r = new AtomicReference<>();
        onThread(SMALL_STACK, () -> r.set(Weft.run(DeepChainTest::cancelADeepChain)));
        assertEquals("enough, gate cancelled: true, top cancelled: true", r.get());
    }
}
