package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.List;

/**
 * asyncio overview, "Common Pitfalls": {@code await asyncio.sleep()} is not {@code time.sleep()},
 * which blocks everything. Two handlers each wait 400 ms: with {@code Thread.sleep} they take turns
 * (~850 ms) and debug mode reports each blocked step with the coroutine and the line; with
 * {@code await(sleep(...))} they wait together (~450 ms) and nothing is reported.
 *
 * <p>Debug mode's reports go to the run's {@code Reporter}, {@code System.err} by default; this
 * sample passes one that prints them to {@code System.out}, prefixed {@code [debug]}.
 */
public final class BlockingSleep {
    @Async
    static Task<String> handleBlocking(String request) {
        await(sleep(50));                                      // the request arrives
        try {
            Thread.sleep(400);                                 // WRONG: blocks the loop, nothing else runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Task.of(request + " handled");
    }

    @Async
    static Task<String> handle(String request) {
        await(sleep(50));                                      // the request arrives
        await(sleep(400));                                     // right: suspends, the loop runs the others
        return Task.of(request + " handled");
    }

    @Async
    static Task<Void> blocking() {
        long start = System.nanoTime();
        List<String> done = await(gather(handleBlocking("a"), handleBlocking("b")));
        System.out.println(done + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return Task.done();
    }

    @Async
    static Task<Void> fixed() {
        long start = System.nanoTime();
        List<String> done = await(gather(handle("a"), handle("b")));
        System.out.println(done + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return Task.done();
    }

    public static void main(String[] args) {
        RunOptions debug = RunOptions.defaults()
                .withDebug(true)                               // or -Dweft.debug=true
                .withSlowStepThreshold(Duration.ofMillis(200))
                .withReporter((message, error) -> System.out.println("[debug] " + message));
        System.out.println("Thread.sleep(400) in two handlers, debug mode on:");
        Weft.run(BlockingSleep::blocking, debug);
        System.out.println("await(sleep(400)) in two handlers, debug mode on:");
        Weft.run(BlockingSleep::fixed, debug);
    }
}
