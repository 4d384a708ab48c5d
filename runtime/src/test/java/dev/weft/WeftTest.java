package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runtime without woven code: the loop driven by callbacks. */
class WeftTest {
    @Test
    void awaitFromUnwovenCodeSaysHowToEnableWeaving() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.await(Task.of(1)));
        assertTrue(e.getMessage().startsWith("await() was called from code that was not woven: dev.weft.WeftTest"), e.getMessage());
        assertTrue(e.getMessage().contains("weft-maven-plugin"), e.getMessage());
        assertTrue(e.getMessage().contains("-javaagent"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Weft.await(new CompletableFuture<String>()));
    }

    @Test
    void runReturnsTheValueOrThrowsTheFailureAsItIs() {
        assertEquals("v", Weft.run(() -> Task.of("v")));
        IOException io = new IOException("checked");
        Throwable thrown = assertThrows(IOException.class, () -> Weft.run(() -> Task.failed(io)));
        assertSame(io, thrown);
    }

    @Test
    void runInsideARunningLoopIsAnErrorThatSaysToAwait() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Weft.run(() -> Task.of(Weft.run(() -> Task.of(1)))));
        assertEquals("Weft.run() cannot be called from a running event loop; use await(...) instead", e.getMessage());
    }

    @Test
    void sleepsFireInDeadlineOrderAndEqualDeadlinesInCreationOrder() {
        List<String> order = new ArrayList<>();
        Weft.run(() -> {
            Task<Void> c = Weft.sleep(30);
            Task<Void> a = Weft.sleep(10);
            Task<Void> b1 = Weft.sleep(Duration.ofMillis(20));
            c.whenDone(t -> order.add("c"));
            a.whenDone(t -> order.add("a"));
            b1.whenDone(t -> order.add("b"));
            return c;
        });
        assertEquals(List.of("a", "b", "c"), order);
    }

    @Test
    void createTaskStartsOnTheNextTurnNotAtOnce() {
        List<String> order = new ArrayList<>();
        String r = Weft.run(() -> {
            Task<String> t = Weft.createTask(() -> {
                order.add("task body");
                return Task.of("done");
            });
            order.add("after createTask");
            return t;
        });
        assertEquals("done", r);
        assertEquals(List.of("after createTask", "task body"), order);
    }

    @Test
    void aCompletionFromAnotherThreadWakesTheParkedLoop() {
        long start = System.nanoTime();
        String r = Weft.run(() -> Task.from(CompletableFuture.supplyAsync(() -> "far",
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))));
        assertEquals("far", r);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void libraryCallsOutsideALoopSayWhatIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.sleep(1));
        assertEquals("sleep() needs a running event loop: call it from code started by Weft.run(...)", e.getMessage());
    }
}
