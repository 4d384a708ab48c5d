package dev.weft.runtime.threads;

import static dev.weft.Weft.await;
import static dev.weft.Weft.runInExecutor;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.toThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** asyncio's test_threads (to_thread) and run_in_executor, for {@link Weft#toThread}. */
class ToThreadTest {
    private final List<String> log = new ArrayList<>();

    @Test
    void test_to_thread_runs_off_the_loop_and_resumes_on_it() {
        Thread[] t = Weft.run(() -> {
            Thread loop = Thread.currentThread();
            Thread worker = await(toThread(Thread::currentThread));
            return Task.of(new Thread[] {loop, worker, Thread.currentThread()});
        });
        assertNotSame(t[0], t[1], "the work ran on another thread");
        assertSame(t[0], t[2], "the coroutine resumed on its loop");
        if (Runtime.version().feature() >= 21) {
            assertTrue(isVirtual(t[1]), "virtual threads where the JVM has them");
        } else {
            assertTrue(t[1].getName().startsWith("weft-to-thread-"), t[1].getName());
            assertTrue(t[1].isDaemon());
        }
    }

    private static boolean isVirtual(Thread t) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Test
    void test_to_thread_exception() {
        assertEquals("disk on fire", Weft.run(() -> {
            try {
                await(toThread(() -> {
                    throw new IOException("disk on fire");
                }), IOException.class);
                return Task.of("no failure");
            } catch (IOException e) {
                return Task.of(e.getMessage());
            }
        }));
    }

    @Async
    Task<Void> ticker(CountDownLatch latch) {
        log.add("loop is free");
        latch.countDown();
        return Task.done();
    }

    @Test
    void test_to_thread_does_not_block_the_loop() {
        Weft.run(() -> {
            CountDownLatch latch = new CountDownLatch(1);
            Task<Boolean> blocking = toThread(() -> latch.await(10, TimeUnit.SECONDS));
            await(sleep(1));
            await(ticker(latch));          // runs while the worker blocks
            assertTrue(await(blocking));
            log.add("worker done");
            return Task.done();
        });
        assertEquals(List.of("loop is free", "worker done"), log);
    }

    @Async
    Task<Void> cancelInterrupts(CountDownLatch started, CountDownLatch interrupted) {
        Task<Void> sleeper = toThread(() -> {
            started.countDown();
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        });
        await(toThread(() -> started.await(10, TimeUnit.SECONDS)));
        assertTrue(sleeper.cancel());
        assertTrue(sleeper.isCancelled());
        assertTrue(await(toThread(() -> interrupted.await(10, TimeUnit.SECONDS))), "the worker was interrupted");
        return Task.done();
    }

    @Test
    void test_to_thread_cancel_interrupts_the_worker() {
        Weft.run(() -> cancelInterrupts(new CountDownLatch(1), new CountDownLatch(1)));
    }

    @Async
    Task<String> inExecutor(ExecutorService executor) {
        return Task.of(await(runInExecutor(executor, () -> Thread.currentThread().getName())));
    }

    @Test
    void test_run_in_executor() {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "custom-executor"));
        try {
            assertEquals("custom-executor", Weft.run(() -> inExecutor(executor)));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void test_run_in_executor_rejected() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.shutdown();
        assertThrows(RejectedExecutionException.class, () -> Weft.run(() -> inExecutor(executor)));
    }

    @Test
    void test_to_thread_needs_a_loop() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> toThread(() -> 1));
        assertTrue(e.getMessage().startsWith("toThread() needs a running event loop"), e.getMessage());
    }

    @Test
    void test_to_thread_concurrently() {
        assertEquals(328350, Weft.run(() -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                tasks.add(toThread(() -> n * n));
            }
            int sum = 0;
            for (int v : await(Weft.gather(tasks))) {
                sum += v;
            }
            return Task.of(sum);
        }));
    }
}
