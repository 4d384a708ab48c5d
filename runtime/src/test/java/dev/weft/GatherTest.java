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

    @Test
    void aTaskGatheredTwiceGivesItsValueTwice() {
        // asyncio gathers the same awaitable once and repeats its value in each place
        Promise<String> a = Task.promise();
        Promise<String> b = Task.promise();
        Task<List<String>> g = Weft.gather(a, b, a);
        a.complete("A");
        assertFalse(g.isDone());
        b.complete("B");
        assertEquals(List.of("A", "B", "A"), g.result());
        Task<List<Outcome<String>>> s = Weft.gatherSettled(List.of(a, a));
        assertEquals("A", s.result().get(1).result());
    }

    @Test
    void aTaskGatheredTwiceFailsTheGatherOnce() {
        Promise<String> a = Task.promise();
        Task<List<String>> g = Weft.gather(List.of(a, a));
        IllegalStateException boom = new IllegalStateException("boom");
        a.completeExceptionally(boom);
        assertSame(boom, g.exception());
    }

    @Test
    void theResultListIsUnmodifiableAndMayHoldNulls() {
        Task<List<Void>> g = Weft.gather(Task.done(), Task.done());
        List<Void> values = g.result();
        assertEquals(java.util.Arrays.asList(null, null), values);
        assertThrows(UnsupportedOperationException.class, () -> values.set(0, null));
    }

    @Test
    void aNullTaskIsRefusedByName() {
        assertEquals("gather() of a null task",
                assertThrows(NullPointerException.class, () -> Weft.gather(Task.of(1), null)).getMessage());
        assertEquals("gather() of a null task", assertThrows(NullPointerException.class,
                () -> Weft.gather(java.util.Arrays.asList(Task.of(1), null))).getMessage());
        assertEquals("gatherSettled() of a null task", assertThrows(NullPointerException.class,
                () -> Weft.gatherSettled(Task.of(1), null)).getMessage());
    }
}
