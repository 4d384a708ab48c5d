package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        NotWovenError e = assertThrows(NotWovenError.class, () -> Weft.await(Task.of(1)));
        assertTrue(e.getMessage().startsWith("await() was called from code that was not woven: dev.weft.WeftTest"), e.getMessage());
        assertTrue(e.getMessage().contains("weft-maven-plugin"), e.getMessage());
        assertTrue(e.getMessage().contains("-javaagent"), e.getMessage());
        assertThrows(NotWovenError.class, () -> Weft.await(new CompletableFuture<String>()));
        assertThrows(NotWovenError.class, () -> Weft.await(Task.of(1), java.io.IOException.class));
    }

    /** Unwoven (as a class the weaver refused stays): the code around the await must not catch the failure. */
    static int unwovenCount(int k, Task<Integer> t) {
        int n = switch (k) {
            case 0 -> {
                try {
                    yield Weft.await(t);
                } catch (RuntimeException e) {
                    yield -1;   // a wrong answer, were "not woven" an ordinary exception
                }
            }
            default -> 0;
        };
        return n;
    }

    @Test
    void aCatchAroundAnUnwovenAwaitDoesNotTurnItIntoAWrongAnswer() {
        NotWovenError e = assertThrows(NotWovenError.class, () -> Weft.run(() -> Task.of(unwovenCount(0, Task.of(5)))));
        assertEquals("await() was called from code that was not woven: dev.weft.WeftTest.unwovenCount (WeftTest.java:"
                + (lineOf("yield Weft.await(t);")) + "). Mark the method @Async and weave it: add the weft-maven-plugin"
                + " (goal weave) to the build, or run with -javaagent:weft-agent.jar", e.getMessage());
        assertTrue(Error.class.isAssignableFrom(NotWovenError.class));
        assertFalse(Exception.class.isAssignableFrom(NotWovenError.class));
    }

    private static int lineOf(String text) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/test/java/dev/weft/WeftTest.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError(text);
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
