package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.AsyncGenerator;
import dev.weft.Emitter;
import dev.weft.LoopClock;
import dev.weft.Reporter;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code Weft.run}'s end does with tasks created while it cancels the tasks left, as
 * asyncio.run's {@code _cancel_all_tasks}: it takes the list of tasks once, cancels them, and runs
 * the loop until they ended ({@code run_until_complete(gather(...))}, which stops on the turn after).
 * A task their cleanup created is not cancelled, but its first step runs in that turn; if it is still
 * pending when the loop closes, asyncio reports "Task was destroyed but it is pending!" (when it
 * collects it). Before, Weft never started such a task and said nothing, and a done callback of a
 * task it cancelled never ran.
 */
class RunShutdownTest {
    private final List<String> log = new ArrayList<>();
    private final List<String> reports = new ArrayList<>();
    private final Reporter reporter = (message, error) -> reports.add(message + (error == null ? "" : " / " + error));

    @Async
    Task<String> longOne() {
        try {
            log.add("longOne started");
            await(sleep(3_600_000));
            return Task.of("long");
        } finally {
            log.add("longOne finally");
        }
    }

    @Async
    Task<Void> quick() {
        log.add("quick ran");
        return Task.done();
    }

    @Async
    Task<String> spawnsWhenCancelled() {
        try {
            await(sleep(1000));
            return Task.of("bg");
        } finally {
            log.add("bg finally: spawning");
            createTask(() -> longOne());
            createTask(() -> quick());
        }
    }

    /**
     * <pre>
     * async def long_one():
     *     try: log.append("longOne started"); await asyncio.sleep(3600); return "long"
     *     finally: log.append("longOne finally")
     * async def quick(): log.append("quick ran")
     * async def bg():
     *     try: await asyncio.sleep(1); return "bg"
     *     finally:
     *         log.append("bg finally: spawning")
     *         asyncio.create_task(long_one())
     *         asyncio.create_task(quick())
     * async def main():
     *     t = asyncio.create_task(bg())
     *     t.add_done_callback(lambda d: log.append("bg done callback, cancelled %s" % str(d.cancelled()).lower()))
     *     await asyncio.sleep(0.01)
     *     return "main end"
     * log.append(asyncio.run(main()))
     * </pre>
     * CPython 3.13: {@code ['bg finally: spawning', 'longOne started', 'quick ran', 'bg done callback, cancelled true', 'main end']},
     * and on stderr {@code Task was destroyed but it is pending!} for long_one's task. (CPython
     * closes the collected coroutine later, which runs its {@code finally} without a loop; Weft
     * cannot, and says so.) Before: {@code [bg finally: spawning, main end]}, and no report.
     */
    @Test
    void aTaskCreatedWhileTheRunCancelsTheTasksLeftStartsAndIsReportedIfStillPendingAtTheClose() {
        log.add(Weft.run(() -> {
            Task<String> t = createTask(() -> spawnsWhenCancelled());
            t.whenDone(d -> log.add("bg done callback, cancelled " + d.isCancelled()));
            await(sleep(10));
            return Task.of("main end");
        }, RunOptions.defaults().withClock(LoopClock.virtual()).withReporter(reporter)));
        assertEquals(List.of("bg finally: spawning", "longOne started", "quick ran", "bg done callback, cancelled true",
                "main end"), log);
        assertEquals(List.of("Task was destroyed but it is pending: task 'Task-3' was still running when the event loop"
                + " closed. It was created after the run's end cancelled the tasks left (as asyncio, the run does not"
                + " cancel it): its code is abandoned where it waits, its finally blocks do not run"), reports);
    }

    @Async
    Task<Void> spawnsWhenClosed(Emitter<Integer> out) {
        try {
            await(out.emit(1));
            await(out.emit(2));
        } finally {
            log.add("gen finally: spawning");
            createTask(() -> quick());
        }
        return Task.done();
    }

    /**
     * The same for a task the {@code finally} of a generator the run closes creates: it starts (asyncio's
     * {@code shutdown_asyncgens} runs the loop on after the generators closed), and ends here.
     * <pre>
     * _keep = []
     * async def quick(): log.append("quick ran")
     * async def gen():
     *     try:
     *         yield 1
     *         yield 2
     *     finally:
     *         log.append("gen finally: spawning")
     *         asyncio.create_task(quick())
     * async def main():
     *     g = gen()
     *     _keep.append(g)
     *     log.append("got %d" % await g.__anext__())
     *     return "main end"
     * log.append(asyncio.run(main()))
     * </pre>
     * CPython 3.13: {@code ['got 1', 'gen finally: spawning', 'quick ran', 'main end']}. Before: the
     * task never started, and nothing was said.
     */
    @Test
    void aTaskCreatedWhileTheRunClosesTheGeneratorsLeftStarts() {
        List<AsyncGenerator<Integer>> keep = new ArrayList<>();
        log.add(Weft.run(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(out -> spawnsWhenClosed(out));
            keep.add(g);
            await(g.hasNext());
            log.add("got " + g.next());
            return Task.of("main end");
        }, RunOptions.defaults().withClock(LoopClock.virtual()).withReporter(reporter)));
        assertEquals(List.of("got 1", "gen finally: spawning", "quick ran", "main end"), log);
        assertEquals(List.of(), reports);
    }
}
