package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio.gather semantics, driven by hand-completed promises. */
class GatherTest {
    @Test
    void valuesComeInArgumentOrderNotCompletionOrder() {
        Promise<String> a = Task.promise();
        Promise<String> b = Task.promise();
        Task<List<String>> g = Weft.gather(a, b, Task.of("c"));
        b.complete("B");
        assertFalse(g.isDone());
        a.complete("A");
        assertEquals(List.of("A", "B", "c"), g.result());
    }

    @Test
    void emptyGatherIsDoneAtOnce() {
        assertEquals(List.of(), Weft.gather(List.<Task<String>>of()).result());
    }

    @Test
    void firstFailureFailsTheGatherAndTheOthersKeepRunning() {
        Promise<String> a = Task.promise();
        Promise<String> b = Task.promise();
        Task<List<String>> g = Weft.gather(a, b);
        IllegalStateException boom = new IllegalStateException("boom");
        a.completeExceptionally(boom);
        assertTrue(g.isFailed());
        assertSame(boom, g.exception());
        assertFalse(b.isDone());
        b.completeExceptionally(new IllegalArgumentException("later"));
        assertSame(boom, g.exception());
    }

    @Test
    void cancellingTheGatherCancelsPendingChildren() {
        Promise<String> a = Task.promise();
        Task<String> done = Task.of("x");
        Task<List<String>> g = Weft.gather(a, done);
        assertTrue(g.cancel("enough"));
        assertTrue(a.isCancelled());
        // As asyncio's gathering future: it fails with the child's cancellation, and is not itself cancelled.
        assertFalse(g.isCancelled());
        assertEquals("enough", assertThrows(CancelledException.class, g::result).getMessage());
        assertEquals("enough", g.exception().getMessage());
        assertEquals("x", done.result());
    }
}
