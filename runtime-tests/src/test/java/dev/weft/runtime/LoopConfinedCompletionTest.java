package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A frame with a loop, and a loop's task, complete with a check and an ordered store instead of a
 * CAS, on their loop's thread, which alone completes them. This guards that claim where other
 * threads race with it: another thread cancels frames (the request goes to the loop) and adds done
 * callbacks to them (handed over to the loop, which alone changes their waiters, or told at once
 * once the frame is done) while the loop completes them. Each frame ends once, as it is read, and each callback runs exactly once.
 */
@Timeout(60)
class LoopConfinedCompletionTest {
    private static final int FRAMES = 400;
    private static final int ROUNDS = 20;

    @Async
    static Task<Integer> child(int i) {
        await(sleep(0));
        await(sleep(0));
        return Task.of(i);
    }

    @Async
    static Task<List<Object>> raced(ExecutorService other, AtomicInteger told, List<Task<Integer>> frames) {
        for (int i = 0; i < FRAMES; i++) {
            frames.add(child(i)); // each is a pending frame: it suspended at its first sleep
        }
        Future<?> racer = other.submit(() -> {
            for (int k = 0; k < FRAMES; k++) {
                Task<Integer> f = frames.get(k);
                f.whenDone(done -> told.incrementAndGet()); // added on no loop: runs where the frame completes, or at once
                if (k % 2 == 1) {
                    f.cancel("from another thread");
                }
            }
        });
        List<Object> outcomes = new ArrayList<>();
        for (Task<Integer> f : frames) {
            try {
                outcomes.add(await(f));
            } catch (CancelledException e) {
                outcomes.add(e.getMessage());
            }
        }
        await(Weft.toThread(() -> racer.get(10, TimeUnit.SECONDS))); // the racer is through
        return Task.of(outcomes);
    }

    @Test
    void framesCompletedOnTheirLoopWhileAnotherThreadCancelsThemAndAddsCallbacksEndOnce() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                AtomicInteger told = new AtomicInteger();
                List<Task<Integer>> frames = new ArrayList<>();
                List<Object> outcomes = Weft.run(() -> raced(other, told, frames));
                assertEquals(FRAMES, told.get(), "each done callback ran exactly once");
                for (int k = 0; k < FRAMES; k++) {
                    Task<Integer> f = frames.get(k);
                    Object o = outcomes.get(k);
                    assertTrue(f.isDone());
                    if (f.isCancelled()) {
                        assertEquals(1, k % 2, "only the odd frames were cancelled");
                        assertEquals("from another thread", o);
                        assertEquals("from another thread", assertThrows(CancelledException.class, f::result).getMessage());
                    } else {
                        assertEquals(k, o, "frame " + k + " ended with its value");
                        assertEquals(k, f.result(), "and keeps it");
                    }
                }
            }
        } finally {
            other.shutdownNow();
            assertTrue(other.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
