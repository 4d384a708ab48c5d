package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.AsyncGenerator;
import dev.weft.Emitter;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * asyncio runs {@code await coro()} inline: when an awaited coroutine returns, its awaiter goes on
 * in the same step, and an async generator hands its items over within its consumer's step (PEP
 * 525). Each expected trace is the output of the asyncio program in the test's comment, run with
 * CPython 3.13.
 */
class AtOnceResumeTest {
    private final List<String> log = new ArrayList<>();

    // ---- nested coroutines ------------------------------------------------------------------

    @Async
    Task<Integer> leaf(String name) {
        await(sleep(0));
        log.add(name + " leaf done");
        return Task.of(1);
    }

    @Async
    Task<Integer> middle(String name) {
        int v = await(leaf(name));
        log.add(name + " middle done");
        return Task.of(v + 1);
    }

    @Async
    Task<Void> outer(String name) {
        int v = await(middle(name));
        log.add(name + " after middle " + v);
        return Task.done();
    }

    /**
     * <pre>
     * async def leaf(name):
     *     await asyncio.sleep(0); log.append(f"{name} leaf done"); return 1
     * async def middle(name):
     *     v = await leaf(name); log.append(f"{name} middle done"); return v + 1
     * async def outer(name):
     *     v = await middle(name); log.append(f"{name} after middle {v}")
     * async def main():
     *     a = asyncio.create_task(outer("A")); b = asyncio.create_task(outer("B"))
     *     await a; await b; log.append("main end")
     * </pre>
     * Bug: one loop turn per nesting level on the way back interleaved A's and B's returns.
     */
    @Test
    void anAwaiterGoesOnInTheStepItsAwaitedCoroutineReturnedIn() {
        runAAndB(this::outer);
        assertEquals(List.of("A leaf done", "A middle done", "A after middle 2",
                "B leaf done", "B middle done", "B after middle 2", "main end"), log);
    }

    /** asyncio's {@code main()} above: tasks A and B of {@code body}, awaited in turn, then "main end". */
    private void runAAndB(Function<String, Task<Void>> body) {
        Virtual.run(() -> {
            Task<Void> a = createTask(() -> body.apply("A"));
            Task<Void> b = createTask(() -> body.apply("B"));
            await(a);
            await(b);
            log.add("main end");
            return Task.done();
        });
    }

    @Async
    Task<Integer> throwingMiddle(String name) {
        await(leaf(name));
        log.add(name + " middle throws");
        throw new IllegalStateException(name + " middle");
    }

    @Async
    Task<Void> catchingOuter(String name) {
        try {
            await(throwingMiddle(name));
        } catch (IllegalStateException e) {
            log.add(name + " outer caught " + e.getMessage());
        }
        await(sleep(0));
        log.add(name + " outer ends");
        return Task.done();
    }

    /**
     * A caller that went on at its callee's return (in the callee's resumption: see "a callee
     * returning to its caller" below) is the frame running now: when it fails, its own caller goes
     * on in the same step too, not on a later turn.
     * <pre>
     * async def middle(name):
     *     await leaf(name); log.append(f"{name} middle throws"); raise ValueError(name + " middle")
     * async def outer(name):
     *     try:
     *         await middle(name)
     *     except ValueError as e:
     *         log.append(f"{name} outer caught {e}")
     *     await asyncio.sleep(0)
     *     log.append(f"{name} outer ends")
     * </pre>
     * with {@code leaf} and {@code main} as above.
     */
    @Test
    void anAwaiterGoesOnInTheStepItsAwaitedCoroutineFailedIn() {
        runAAndB(this::catchingOuter);
        assertEquals(List.of("A leaf done", "A middle throws", "A outer caught A middle",
                "B leaf done", "B middle throws", "B outer caught B middle",
                "A outer ends", "B outer ends", "main end"), log);
    }

    @Async
    Task<Integer> depth(int n) {
        if (n == 0) {
            await(sleep(0));
            return Task.of(0);
        }
        return Task.of(await(depth(n - 1)) + 1);
    }

    private int tickCount;

    @Async
    Task<Void> ticker() {
        for (;;) {
            await(sleep(0));
            tickCount++;
        }
    }

    /** A 500-deep chain that suspends once at its bottom is back in one turn, not 500. */
    @Test
    void aDeepChainReturnsInOneTurn() {
        assertEquals("500 deep, back after 1 tick(s) of the ticker", Virtual.run(() -> {
            Task<Void> ticker = createTask(this::ticker);
            await(sleep(0));
            int before = tickCount;
            int d = await(depth(500));
            String r = d + " deep, back after " + (tickCount - before) + " tick(s) of the ticker";
            ticker.cancel();
            return Task.of(r);
        }));
    }

    // ---- a callee returning to its caller ----------------------------------------------------

    /*
     * A frame that returns to its caller, the one frame of the same task awaiting it, completes
     * without telling it, and the caller goes on at once in the same resumption, as the frame it now
     * is. These tests hold that shortcut to what telling the caller did: the same order and current
     * task, and the ordinary path wherever the caller is not alone, not of the task, or not next.
     */
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
        assertEquals(List.of("C leaf done", "R got 1 in main", "X got 1 in main", "caller got 2 in main"), log);
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
        assertEquals(List.of("C leaf done", "X got 1 in main", "caller got 1", "x 2"), log);
    }

    @Async
    Task<Integer> awaitInOwnTask(Task<Integer> callee) {
        int v = await(callee);
        log.add("other task got " + v + " in " + Weft.currentTask().name());
        return Task.of(v);
    }

    @Async
    Task<Integer> slowLeaf(String name) {
        await(sleep(0));
        await(sleep(0));
        log.add(name + " leaf done");
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
        assertEquals(List.of("tick 0", "C leaf done", "tick 1", "other task got 1 in other", "tick 2",
                "main got other"), log);
    }

    // ---- async generators -------------------------------------------------------------------

    @Async
    Task<Void> numbers(Emitter<Integer> out) {
        for (int i = 0; i < 3; i++) {
            log.add("emit " + i);
            await(out.emit(i));
        }
        log.add("generator end");
        return Task.done();
    }

    @Async
    Task<Void> consumer(AsyncGenerator<Integer> gen) {
        while (await(gen.hasNext())) {
            log.add("got " + gen.next());
        }
        log.add("consumer end");
        return Task.done();
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
    Task<Void> consumerBesideTicker(AsyncGenerator<Integer> gen, int ticks) {
        Task<Void> c = createTask(() -> consumer(gen));
        Task<Void> t = createTask(() -> ticks(ticks));
        await(c);
        await(t);
        return Task.done();
    }

    /**
     * <pre>
     * async def numbers():
     *     for i in range(3):
     *         log.append(f"emit {i}"); yield i
     *     log.append("generator end")
     * async def consumer():
     *     async for x in numbers(): log.append(f"got {x}")
     *     log.append("consumer end")
     * async def ticker():
     *     for i in range(3): log.append(f"tick {i}"); await asyncio.sleep(0)
     * async def main():
     *     c = asyncio.create_task(consumer()); t = asyncio.create_task(ticker()); await c; await t
     * </pre>
     * Bug: each item took two loop turns, so the ticker's ticks came between the items.
     */
    @Test
    void aGeneratorHandsItsItemsOverWithinOneStep() {
        Virtual.run(() -> consumerBesideTicker(AsyncGenerator.of(this::numbers), 3));
        assertEquals(List.of("emit 0", "got 0", "emit 1", "got 1", "emit 2", "got 2", "generator end",
                "consumer end", "tick 0", "tick 1", "tick 2"), log);
    }

    @Async
    Task<Void> sleepyNumbers(Emitter<Integer> out) {
        for (int i = 0; i < 3; i++) {
            await(sleep(0));
            log.add("emit " + i);
            await(out.emit(i));
        }
        return Task.done();
    }

    /**
     * As above, with {@code await asyncio.sleep(0)} before each {@code yield} and a ticker of 5:
     * each item costs the generator's own turn, and no other.
     */
    @Test
    void aGeneratorThatSuspendsHandsEachItemOverInTheStepItResumesIn() {
        Virtual.run(() -> consumerBesideTicker(AsyncGenerator.of(this::sleepyNumbers), 5));
        assertEquals(List.of("tick 0", "emit 0", "got 0", "tick 1", "emit 1", "got 1", "tick 2", "emit 2", "got 2",
                "consumer end", "tick 3", "tick 4"), log);
    }
}
