package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An outcome reads as its task does: result(), exception() and the three states, as Task's. */
class OutcomeTest {
    @Test
    void success() {
        Outcome<String> o = Outcome.of(Task.of("v"));
        assertTrue(o.isSuccess());
        assertFalse(o.isFailed());
        assertFalse(o.isCancelled());
        assertEquals("v", o.result());
        assertNull(o.exception());
        assertEquals("Success[v]", o.toString());
        assertEquals(Outcome.of(Task.of("v")), o);
    }

    @Test
    void aFailureThrowsItsExceptionAsItIsFromResult() {
        IOException io = new IOException("io");
        Outcome<String> o = Outcome.of(Task.failed(io));
        assertFalse(o.isSuccess());
        assertTrue(o.isFailed());
        assertFalse(o.isCancelled());
        assertSame(io, o.exception());
        assertSame(io, assertThrows(IOException.class, o::result));
        assertEquals("Failed[java.io.IOException: io]", o.toString());
    }

    @Test
    void aCancellationIsNotAFailure() {
        Promise<String> p = Task.promise();
        p.cancel("stop");
        Outcome<String> o = Outcome.of(p);
        assertFalse(o.isSuccess());
        assertFalse(o.isFailed());
        assertTrue(o.isCancelled());
        assertEquals("stop", assertThrows(CancelledException.class, o::result).getMessage());
        assertEquals("stop", assertThrows(CancelledException.class, o::exception).getMessage());
        assertEquals("Cancelled[dev.weft.CancelledException: stop]", o.toString());
    }

    /** As the task: a gather that a child's cancellation failed is failed, with that CancelledException. */
    @Test
    void aGatherFailedByAChildsCancellationIsFailed() {
        Promise<String> child = Task.promise();
        Task<List<String>> g = Weft.gather(child);
        child.cancel("child");
        Outcome<List<String>> o = Outcome.of(g);
        assertTrue(o.isFailed());
        assertFalse(o.isCancelled());
        assertEquals("child", assertInstanceOf(CancelledException.class, o.exception()).getMessage());
        assertNotEquals(Outcome.of(child), o);
    }
}
