package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A frame that returns to its caller, the one frame of the same task awaiting it, completes without
 * telling it, and the caller goes on at once in the same step, as the frame it now is. These tests
 * hold that shortcut to what telling the caller did: the same order, the same current task, and the
 * ordinary path wherever the caller is not alone, not of the task, or not next. (What the
 * caller does next is {@code AtOnceResumeTest}'s: it goes on in the step, as asyncio's.)
 */
class ReturnToCallerTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Task<Integer> leaf(String name) {
        await(sleep(0));
        log.add(name + " leaf returns");
        return Task.of(1);
    }

    @Async
    Task<Integer> awaitAndLog(String name, Task<Integer> awaited) {
        int v = await(awaited);
        log.add(name + " got " + v + " in " + Weft.currentTask().name());
        return Task.of(v + 1);
    }

    /**
     * A frame awaited by two frames of its task tells both, in the order they began to wait; the
     * first of them returns to its own caller, which waits behind the second (it was told second):
     * the shortcut must not let the caller pass it.
     */
    @Async
    Task<Void> twoWaiters() {
        Task<Integer> c = leaf("C");
        Task<Integer> r = awaitAndLog("R", c); // waits for c first
        Task<Integer> x = awaitAndLog("X", c); // then x
        int v = await(r); // and this frame for r alone
        log.add("caller got " + v + " in " + Weft.currentTask().name());
        await(x);
        return Task.done();
    }

    @Test
    void aCallerWaitsBehindAFrameToldBeforeIt() {
        Virtual.run(() -> createTask(this::twoWaiters, "main"));
        assertEquals(List.of("C leaf returns", "R got 1 in main", "X got 1 in main", "caller got 2 in main"), log);
    }

    /** The callee's own caller awaits it together with another frame of the task: both are told. */
    @Async
    Task<Void> calleeAwaitedTwice() {
        Task<Integer> c = leaf("C");
        Task<Integer> x = awaitAndLog("X", c);
        int v = await(c);
        log.add("caller got " + v);
        log.add("x " + await(x));
        return Task.done();
    }

    @Test
    void aCalleeAwaitedByItsCallerAndAnotherFrameTellsBoth() {
        Virtual.run(() -> createTask(this::calleeAwaitedTwice, "main"));
        assertEquals(List.of("C leaf returns", "X got 1 in main", "caller got 1", "x 2"), log);
    }

    @Async
    Task<Integer> awaitInOwnTask(Task<Integer> callee) {
        int v = await(callee);
        log.add("other task got " + v + " in " + Weft.currentTask().name());
        return Task.of(v);
    }

    @Async
    Task<Void> ticks(int n) {
        for (int i = 0; i < n; i++) {
            log.add("tick " + i);
            await(sleep(0));
        }
        return Task.done();
    }

    @Async
    Task<Integer> slowLeaf(String name) {
        await(sleep(0));
        await(sleep(0));
        log.add(name + " leaf returns");
        return Task.of(1);
    }

    /**
     * The one frame awaiting the callee is of another task, not its caller: it goes on in a step of
     * its own task, on a later turn (behind the ticker's), with its own task current.
     */
    @Async
    Task<Void> calleeAwaitedByAnotherTask() {
        Task<Integer> c = slowLeaf("C");
        Task<Integer> other = createTask(() -> awaitInOwnTask(c), "other");
        Task<Void> ticker = createTask(() -> ticks(3), "ticker");
        await(other);
        log.add("main got other");
        await(ticker);
        return Task.done();
    }

    @Test
    void aFrameOfAnotherTaskAwaitingTheCalleeGoesOnInItsOwnStep() {
        Virtual.run(() -> createTask(this::calleeAwaitedByAnotherTask, "main"));
        assertEquals(List.of("tick 0", "C leaf returns", "tick 1", "other task got 1 in other", "tick 2",
                "main got other"), log);
    }
}
