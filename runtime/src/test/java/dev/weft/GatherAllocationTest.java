package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What a gather costs per child, beyond the children themselves: its own copy of the argument list
 * and the array the result is a view of, one reference each; nothing while the children run (the
 * gather is the one completion registered on every child) and no further copy of the values.
 */
class GatherAllocationTest {
    private static final int FEW = 1_000;
    private static final int MANY = 101_000;
    /** The size of a reference in an array: 4 bytes with compressed oops, else 8. */
    private static final int REF = sun.misc.Unsafe.ARRAY_OBJECT_INDEX_SCALE;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void gatherAllocatesTwoReferencesPerChild() {
        double perChild = bytesPerChild(Weft::gather);
        assertTrue(perChild <= 2 * REF + 0.5, "gather allocated " + perChild + " B per child");
    }

    @Test
    void gatherOfAnArrayAllocatesTwoReferencesPerChild() {
        double perChild = bytesPerChild(children -> Weft.gather(children.toArray(new Task[0])));
        // the array passed is the caller's: copied once, as the collection's is
        assertTrue(perChild <= 2 * REF + 0.5 + REF, "gather(varargs) allocated " + perChild + " B per child"
                + " (the caller's toArray included)");
    }

    @Test
    void gatherSettledAllocatesTwoReferencesAndAnOutcomePerChild() {
        long outcome = outcomeSize();
        double perChild = bytesPerChild(Weft::gatherSettled);
        assertTrue(perChild <= 2 * REF + outcome + 0.5,
                "gatherSettled allocated " + perChild + " B per child; an Outcome is " + outcome + " B");
    }

    @Test
    void gatherOfChildrenThatHaveAWaiterAddsOneNodePerChild() {
        Completion other = done -> { };
        double perChild = bytesPerChild(children -> {
            for (Task<Integer> c : children) {
                c.addCompletion(other); // as a TaskGroup's child, or a task another task awaits
            }
            return Weft.gather(children);
        }) - bytesPerChild(children -> {
            for (Task<Integer> c : children) {
                c.addCompletion(other);
            }
            return Task.of(children);
        });
        // the gather's two references and one link of the child's waiters (24 B with compressed oops)
        assertTrue(perChild <= 2 * REF + 3 * REF + 12 + 0.5, "gather allocated " + perChild
                + " B per child that had a waiter");
    }

    /**
     * Bytes per child that gathering {@code n} promises allocates on this thread, from making the
     * gather through completing every child to reading the result: the difference between {@link #MANY}
     * and {@link #FEW} children, so that what does not depend on the count drops out.
     */
    private static double bytesPerChild(Function<List<Task<Integer>>, Task<? extends List<?>>> gather) {
        run(gather, FEW); // warm up: class loading, first calls
        long few = run(gather, FEW);
        long many = run(gather, MANY);
        return (double) (many - few) / (MANY - FEW);
    }

    private static long run(Function<List<Task<Integer>>, Task<? extends List<?>>> gather, int n) {
        List<Task<Integer>> children = new ArrayList<>(n);
        List<Promise<Integer>> promises = new ArrayList<>(n);
        Integer value = 7;
        for (int i = 0; i < n; i++) {
            Promise<Integer> p = Task.promise();
            children.add(p);
            promises.add(p);
        }
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        Task<? extends List<?>> g = gather.apply(children);
        for (Promise<Integer> p : promises) {
            p.complete(value);
        }
        List<?> values = g.result();
        long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
        assertEquals(n, values.size());
        return allocated;
    }

    /** The size of an {@link Outcome}, measured the same way. */
    private static long outcomeSize() {
        Task<Integer> done = Task.of(1);
        long tid = Thread.currentThread().getId();
        Outcome<?>[] keep = new Outcome<?>[MANY];
        for (int i = 0; i < FEW; i++) {
            keep[i] = Outcome.of(done);
        }
        long before = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < MANY; i++) {
            keep[i] = Outcome.of(done);
        }
        long perOutcome = Math.round((double) (THREADS.getThreadAllocatedBytes(tid) - before) / MANY);
        assertEquals(MANY, keep.length);
        return perOutcome;
    }
}
