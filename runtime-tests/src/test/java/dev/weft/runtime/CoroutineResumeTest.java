package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Woven coroutines on the loop: where and in which order they resume. */
class CoroutineResumeTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Task<Integer> worker(String name, long millis) {
        log.add(name + " start");
        await(sleep(millis));
        log.add(name + " end");
        return Task.of(name.length());
    }

    @Test
    void asyncMethodsStartEagerlyAndInterleaveAtAwaits() {
        assertEquals(3, Weft.run(() -> {
            Task<Integer> a = worker("a", 30);
            Task<Integer> bb = worker("bb", 10);
            return Task.of(await(a) + await(bb));
        }));
        assertEquals(List.of("a start", "bb start", "bb end", "a end"), log);
    }

    @Test
    void aFutureCompletedOnAnotherThreadResumesOnTheLoopThread() {
        assertSame(Thread.currentThread(), Weft.run(() -> {
            await(CompletableFuture.supplyAsync(() -> "x", CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS)));
            return Task.of(Thread.currentThread());
        }));
    }
}
