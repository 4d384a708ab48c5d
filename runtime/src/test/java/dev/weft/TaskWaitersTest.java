package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task's waiters: told in the order they were added, and each added at a constant cost however many wait. */
class TaskWaitersTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void waitersAreToldInTheOrderTheyWereAdded() {
        for (int n : new int[] {1, 2, 3, 1000}) {
            Promise<String> p = Task.promise();
            List<Integer> told = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                p.addCompletion(done -> told.add(index));
            }
            p.complete("x");
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i);
            }
            assertEquals(expected, told, n + " waiters");
        }
    }

    @Test
    void aWaiterThatThrowsDoesNotStopTheOthers() {
        Promise<String> p = Task.promise();
        List<String> told = new ArrayList<>();
        p.addCompletion(done -> told.add("a"));
        p.addCompletion(done -> {
            throw new IllegalStateException("reported, not thrown");
        });
        p.addCompletion(done -> told.add("c"));
        p.complete("x");
        assertEquals(List.of("a", "c"), told);
    }

    @Test
    void aWaiterAddedOnceDoneIsToldAtOnce() {
        Promise<String> p = Task.promise();
        List<String> told = new ArrayList<>();
        p.addCompletion(done -> told.add("a"));
        p.addCompletion(done -> told.add("b"));
        p.complete("x");
        p.addCompletion(done -> told.add("late"));
        assertEquals(List.of("a", "b", "late"), told);
    }

    @Test
    void addingAWaiterCostsTheSameHoweverManyWait() {
        Completion c = done -> { };
        addWaiters(c, 1_000); // warm up
        double few = perWaiter(c, 1_000);
        double many = perWaiter(c, 20_000);
        // one node each (24 B with compressed oops); a list copied on each add made it grow with the count
        assertTrue(many <= 32 && many <= few + 1, "a waiter cost " + few + " B among 1,000, " + many + " B among 20,000");
    }

    private static double perWaiter(Completion c, int n) {
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        Promise<String> p = addWaiters(c, n);
        long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
        p.complete("x");
        return (double) allocated / n;
    }

    private static Promise<String> addWaiters(Completion c, int n) {
        Promise<String> p = Task.promise();
        for (int i = 0; i < n; i++) {
            p.addCompletion(c);
        }
        return p;
    }
}
