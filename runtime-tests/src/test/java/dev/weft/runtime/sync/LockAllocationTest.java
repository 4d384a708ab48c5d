package dev.weft.runtime.sync;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.AsyncSemaphore;
import dev.weft.sync.Permit;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a lock or semaphore acquisition costs on the heap: one object (the grant that is at once the
 * task, the queued waiter and the permit), contended or not, and that object is a {@code Task} plus
 * three 4-byte fields: 32 bytes once a Task is 20 (compressed oops, 12-byte headers).
 */
@Timeout(120)
class LockAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Acquisitions that had to wait, over a run; for checking that a run was contended throughout. */
    private int waited;

    @Test
    void aGrantIsATaskPlusThreeSmallFields() throws Exception {
        long task = fieldsEnd(Task.class);
        long grant = fieldsEnd(Class.forName("dev.weft.sync.Grant"));
        int ref = refSize();
        assertTrue(grant - task <= 2L * ref + 4, "a Grant adds " + (grant - task) + " bytes of fields to a Task's " + task);
        if (ref == 4 && task <= 20) {
            assertTrue(align(grant) <= 32, "a Grant takes " + align(grant) + " bytes");
        }
    }

    @Test
    void anUncontendedAcquisitionAllocatesOneGrant() throws Exception {
        long grant = align(fieldsEnd(Class.forName("dev.weft.sync.Grant")));
        double each = perRound(n -> () -> uncontended(AsyncLock.create()::acquire, n), 20_000, 220_000);
        assertTrue(each <= grant + 0.5, "an uncontended acquisition allocated " + each + " bytes; a Grant is " + grant);
    }

    @Test
    void anUncontendedSemaphoreAcquisitionAllocatesOneGrant() throws Exception {
        long grant = align(fieldsEnd(Class.forName("dev.weft.sync.Grant")));
        double each = perRound(n -> () -> uncontended(AsyncSemaphore.create(1)::acquire, n), 20_000, 220_000);
        assertTrue(each <= grant + 0.5, "an uncontended acquisition allocated " + each + " bytes; a Grant is " + grant);
    }

    @Test
    void aHandOffAllocatesOneGrant() throws Exception {
        long grant = align(fieldsEnd(Class.forName("dev.weft.sync.Grant")));
        double each = perRound(n -> () -> contended(AsyncLock.create()::acquire, n), 10_000, 110_000) / 2;
        assertTrue(each <= grant + 0.5, "a contended acquisition allocated " + each + " bytes; a Grant is " + grant);
    }

    @Test
    void aSemaphoreHandOffAllocatesOneGrant() throws Exception {
        long grant = align(fieldsEnd(Class.forName("dev.weft.sync.Grant")));
        double each = perRound(n -> () -> contended(AsyncSemaphore.create(1)::acquire, n), 10_000, 110_000) / 2;
        assertTrue(each <= grant + 0.5, "a contended acquisition allocated " + each + " bytes; a Grant is " + grant);
    }

    /**
     * Debug mode keeps its states in a side table until their tasks are collected; a loop not in
     * debug mode must not pay a look-up in it (which allocated a probe on every await and
     * suspension) while another loop's tracked task is alive, as an earlier test's may be.
     */
    @Test
    void aTaskKeptFromADebugLoopAddsNothingToAnotherLoopsAcquisitions() throws Exception {
        Object kept = Weft.run(LockAllocationTest::aTrackedTask, RunOptions.defaults().withDebug(true));
        long grant = align(fieldsEnd(Class.forName("dev.weft.sync.Grant")));
        double uncontended = perRound(n -> () -> uncontended(AsyncLock.create()::acquire, n), 20_000, 220_000);
        double contended = perRound(n -> () -> contended(AsyncSemaphore.create(1)::acquire, n), 10_000, 110_000) / 2;
        Reference.reachabilityFence(kept);
        assertTrue(uncontended <= grant + 0.5, "an uncontended acquisition allocated " + uncontended + " bytes; a Grant is " + grant);
        assertTrue(contended <= grant + 0.5, "a contended acquisition allocated " + contended + " bytes; a Grant is " + grant);
    }

    @Test
    void theQueueAndConditionWaitersKeepTheirSizesOnTheSharedTurnFlags() throws Exception {
        long task = fieldsEnd(Task.class);
        if (refSize() != 4 || task > 20) {
            return; // the figures hold for compressed references and 12-byte headers
        }
        // their wake-up and cancel flags are one byte, which fits in room the fields leave
        assertEquals(56, align(fieldsEnd(Class.forName("dev.weft.sync.QueueImpl$Getter"))));
        assertEquals(56, align(fieldsEnd(Class.forName("dev.weft.sync.QueueImpl$Putter"))));
        assertEquals(64, align(fieldsEnd(Class.forName("dev.weft.sync.ConditionWait"))));
    }

    @Async
    private static Task<Integer> uncontended(Supplier<Task<Permit>> acquire, int rounds) {
        int fast = 0;
        for (int i = 0; i < rounds; i++) {
            Task<Permit> t = acquire.get();
            if (t.isDone()) {
                fast++;
            }
            Permit p = await(t);
            p.close();
        }
        return Task.of(fast);
    }

    /** A task of a loop in debug mode, tracked until it is collected, and a frame that suspended once. */
    @Async
    private static Task<Object> aTrackedTask() {
        Task<Void> t = Weft.createTask(() -> Weft.sleep(0));
        await(t);
        return Task.of(t);
    }

    /** Two workers hand the lock to each other: each acquisition queues behind the other's woken one. */
    @Async
    private Task<Integer> contended(Supplier<Task<Permit>> acquire, int rounds) {
        waited = 0;
        Permit mine = await(acquire.get());
        Task<Void> a = Weft.createTask(() -> worker(acquire, rounds));
        Task<Void> b = Weft.createTask(() -> worker(acquire, rounds));
        await(Weft.sleep(0)); // both queue
        mine.close();
        await(a);
        await(b);
        return Task.of(waited);
    }

    @Async
    private Task<Void> worker(Supplier<Task<Permit>> acquire, int rounds) {
        for (int i = 0; i < rounds; i++) {
            Task<Permit> t = acquire.get();
            if (!t.isDone()) {
                waited++;
            }
            Permit p = await(t);
            p.close();
        }
        return Task.done();
    }

    /**
     * Bytes this thread allocates per round, from a run of {@code many} rounds less one of {@code few}:
     * the least of three measurements. Noise only adds bytes (a recompilation that runs the loop in
     * code that keeps an object escape analysis had removed, under a loaded machine), so the least
     * is the path's own cost; a path that allocates more per round shows it in every measurement.
     */
    private static double perRound(java.util.function.IntFunction<Supplier<Task<Integer>>> body, int few, int many) {
        double least = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            least = Math.min(least, measuredPerRound(body, few, many));
        }
        return least;
    }

    private static double measuredPerRound(java.util.function.IntFunction<Supplier<Task<Integer>>> body, int few, int many) {
        long tid = Thread.currentThread().getId();
        int expectedFew = Weft.run(body.apply(few)); // warm-up too
        long before = THREADS.getThreadAllocatedBytes(tid);
        int gotFew = Weft.run(body.apply(few));
        long fewBytes = THREADS.getThreadAllocatedBytes(tid) - before;
        before = THREADS.getThreadAllocatedBytes(tid);
        int gotMany = Weft.run(body.apply(many));
        long manyBytes = THREADS.getThreadAllocatedBytes(tid) - before;
        // every round took the fast path (uncontended), or waited (contended: two workers, one each)
        assertEquals(expectedFew, gotFew);
        assertTrue(gotFew == few || gotFew == 2 * few, "rounds that went as planned: " + gotFew + " of " + few);
        assertEquals((long) gotFew * many / few, gotMany);
        double each = (double) (manyBytes - fewBytes) / (many - few);
        System.out.println("[LockAllocationTest] " + each + " B per round");
        return each;
    }

    /** Where the instance fields of {@code c} and its superclasses end, in bytes from the object's start. */
    private static long fieldsEnd(Class<?> c) throws Exception {
        sun.misc.Unsafe u = unsafe();
        long end = 12;
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    end = Math.max(end, u.objectFieldOffset(f) + sizeOf(f.getType()));
                }
            }
        }
        return end;
    }

    private static int sizeOf(Class<?> type) throws Exception {
        if (!type.isPrimitive()) {
            return refSize();
        }
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        return type == short.class || type == char.class ? 2 : 1;
    }

    private static int refSize() throws Exception {
        return unsafe().arrayIndexScale(Object[].class);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    private static sun.misc.Unsafe unsafe() throws Exception {
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        return (sun.misc.Unsafe) f.get(null);
    }
}
