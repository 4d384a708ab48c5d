package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Outcome;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A gather whose children are all its loop's puts its values into its own copy of the children (no
 * second array, {@code GatherPerTaskAllocationTest}); so its copy is read on that loop alone: a
 * {@code cancel()} from another thread is sent there, and the result is what it was.
 */
@Timeout(30)
class GatherResultArrayTest {

    @Async
    private static Task<String> value(String v, long ms) {
        await(sleep(ms));
        return Task.of(v);
    }

    @Test
    void theValuesComeInArgumentOrderAndTheListCannotBeChanged() {
        List<String> r = Weft.run(() -> {
            List<Task<String>> ts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int k = i;
                ts.add(createTask(() -> value("v" + k, 5 - k)));
            }
            return gather(ts);
        });
        assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), r);
        assertThrows(UnsupportedOperationException.class, () -> r.set(0, "x"));
        List<Outcome<String>> settled = Weft.run(() -> gatherSettled(value("a", 2), value("b", 1)));
        assertEquals("[a, b]", settled.stream().map(Outcome::result).toList().toString());
    }

    @Test
    void aCancelFromAnotherThreadReachesTheGatherOnItsLoop() {
        AtomicBoolean accepted = new AtomicBoolean();
        String r = Weft.run(() -> cancelledFromAThread(accepted));
        assertEquals("cancelled by a thread", r);
        assertEquals(true, accepted.get());
    }

    @Async
    private static Task<String> cancelledFromAThread(AtomicBoolean accepted) {
        Task<List<String>> g = gather(List.of(createTask(() -> value("a", 60_000)), createTask(() -> value("b", 60_000))));
        Thread t = new Thread(() -> accepted.set(g.cancel("by a thread")));
        t.start();
        try {
            await(g);
            return Task.of("not cancelled");
        } catch (CancelledException e) {
            return Task.of("cancelled " + e.getMessage());
        } finally {
            joinQuietly(t);
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCollectionHoldingSomethingElseIsRefusedWithItsClass() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Collection<Task<String>> raw = (Collection) List.of(Task.of("a"), "b");
        ClassCastException e = assertThrows(ClassCastException.class, () -> gather(raw));
        assertEquals("gather() of a java.lang.String, which is not a Task", e.getMessage());
        ClassCastException s = assertThrows(ClassCastException.class, () -> gatherSettled(raw));
        assertEquals("gatherSettled() of a java.lang.String, which is not a Task", s.getMessage());
    }
}
