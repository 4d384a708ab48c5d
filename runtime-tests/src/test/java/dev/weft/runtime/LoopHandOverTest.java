package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncEvent;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.Permit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A loop's tasks, its frames and its lock's acquisitions keep their waiters with plain accesses on
 * the loop's thread; a waiter added on another thread is handed over to the loop, and a gather of
 * the loop's own tasks counts them with plain accesses. What a user sees: every callback runs
 * exactly once, where {@code whenDone} says, and gathers end with every value in order.
 */
@Timeout(60)
class LoopHandOverTest {

    @Async
    static Task<String> waitFor(AsyncEvent event) {
        await(event.waitSet());
        return Task.of("set");
    }

    @Async
    static Task<List<Thread>> callbackFromAnotherThreadOnAPendingTask() {
        AsyncEvent event = AsyncEvent.create();
        Task<String> t = Weft.createTask(() -> waitFor(event));
        await(sleep(0)); // t waits for the event
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        await(Weft.toThread(() -> {
            t.whenDone(done -> ranOn.add(Thread.currentThread()));
            return null;
        }));
        assertEquals(List.of(), ranOn, "pending: not run yet");
        event.set();
        assertEquals("set", await(t));
        await(sleep(0));
        return Task.of(new ArrayList<>(ranOn));
    }

    @Test
    void aCallbackAddedOnAnotherThreadToAPendingTaskRunsOnceOnTheLoopThread() {
        List<Thread> ranOn = Weft.run(LoopHandOverTest::callbackFromAnotherThreadOnAPendingTask);
        assertEquals(List.of(Thread.currentThread()), ranOn);
    }

    @Async
    static Task<List<Object>> callbackFromAnotherThreadOnADoneTask() {
        Task<String> t = Weft.createTask(() -> Task.of("done"));
        await(t);
        List<Object> seen = await(Weft.toThread(() -> {
            List<Object> s = new ArrayList<>();
            t.whenDone(done -> s.add(Thread.currentThread()));
            s.add("returned");
            s.add(Thread.currentThread());
            return s;
        }));
        return Task.of(seen);
    }

    @Test
    void aCallbackAddedOnAnotherThreadToADoneTaskRunsAtOnceOnThatThread() {
        List<Object> seen = Weft.run(LoopHandOverTest::callbackFromAnotherThreadOnADoneTask);
        assertEquals(3, seen.size(), seen.toString());
        assertEquals("returned", seen.get(1), "run before whenDone returned");
        assertSame(seen.get(2), seen.get(0), "on the thread that added it");
        assertFalse(seen.get(0) == Thread.currentThread(), "not on the loop's");
    }

    @Async
    static Task<String> valueOf(Promise<String> p) {
        return Task.of(await(p) + "!");
    }

    @Async
    static Task<List<List<String>>> gathersOfChildrenEndedByAnotherThread() {
        Promise<String> a = Task.promise();
        Promise<String> b = Task.promise();
        Promise<String> c = Task.promise();
        Task<String> done = Weft.createTask(() -> Task.of("D"));
        await(sleep(0)); // done ends
        // the loop's own tasks alone (a plain count) and mixes with a promise (an atomic one): the
        // promise first, or after a task of the loop done already (counted down while the count was
        // a plain one) and one pending
        Task<List<String>> own = Weft.gather(Weft.createTask(() -> valueOf(a)), Weft.createTask(() -> valueOf(b)));
        Task<List<String>> mixed = Weft.gather(c, Weft.createTask(() -> valueOf(a)));
        Task<List<String>> mixedLate = Weft.gather(done, Weft.createTask(() -> valueOf(b)), c);
        await(sleep(0)); // the tasks wait for their promises
        await(Weft.toThread(() -> {
            b.complete("B");
            c.complete("C");
            a.complete("A");
            return null;
        }));
        return Task.of(List.of(await(own), await(mixed), await(mixedLate)));
    }

    @Test
    void gathersOfChildrenThatAnotherThreadEndsGatherTheirValuesInOrder() {
        for (int round = 0; round < 200; round++) {
            assertEquals(List.of(List.of("A!", "B!"), List.of("C", "A!"), List.of("D", "B!", "C")),
                    Weft.run(LoopHandOverTest::gathersOfChildrenEndedByAnotherThread));
        }
    }

    @Async
    static Task<Integer> holdThenRelease(AsyncLock lock, AtomicInteger told) {
        Permit held = await(lock.acquire());
        Task<Permit> waiting = lock.acquire(); // pending: the lock is held
        await(Weft.toThread(() -> {
            waiting.whenDone(done -> told.incrementAndGet());
            return null;
        }));
        assertEquals(0, told.get());
        held.close();
        try (Permit next = await(waiting)) {
            await(sleep(0));
            return Task.of(told.get());
        }
    }

    @Test
    void aCallbackAddedOnAnotherThreadToAPendingAcquisitionRunsOnceWhenGranted() {
        AtomicInteger told = new AtomicInteger();
        assertEquals(1, Weft.run(() -> holdThenRelease(AsyncLock.create(), told)));
        assertEquals(1, told.get());
    }

    @Async
    static Task<Integer> yieldTwice(int i) {
        await(sleep(0));
        await(sleep(0));
        return Task.of(i);
    }

    @Async
    static Task<List<Task<Integer>>> tasksLeftToAnotherThread(int n, AtomicInteger told, Thread[] adder) {
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            tasks.add(Weft.createTask(() -> yieldTwice(index)));
        }
        adder[0] = new Thread(() -> {
            for (Task<Integer> t : tasks) {
                t.whenDone(done -> told.incrementAndGet());
            }
        });
        adder[0].start();
        await(sleep(0)); // the tasks start; the run then ends, and its loop closes, while the other thread adds
        return Task.of(tasks);
    }

    @Test
    void callbacksAddedOnAnotherThreadWhileTheLoopEndsAndClosesEachRunOnce() throws Exception {
        for (int round = 0; round < 50; round++) {
            int n = 300;
            AtomicInteger told = new AtomicInteger();
            Thread[] adder = new Thread[1];
            List<Task<Integer>> tasks = Weft.run(() -> tasksLeftToAnotherThread(n, told, adder));
            adder[0].join(10_000);
            assertFalse(adder[0].isAlive());
            assertEquals(n, told.get(), "round " + round + ": each callback ran exactly once");
            for (Task<Integer> t : tasks) {
                assertTrue(t.isDone());
            }
        }
    }
}
