/**
 * Async/await for plain Java: the API that {@code @Async} code calls, and the event loop that runs
 * it. This package is all that a program using Weft depends on at run time; the weaver (the Maven
 * plugin or the agent) turns each {@link dev.weft.Async} method into a resumable state machine
 * after compilation.
 *
 * <pre>{@code
 * import static dev.weft.Weft.*;
 *
 * class Fetcher {
 *     @Async Task<String> fetch(String name) {
 *         await(sleep(Duration.ofSeconds(1)));          // suspends; the thread runs other tasks
 *         return Task.of(name + " data");
 *     }
 *
 *     @Async Task<Void> main() {
 *         List<String> pages = await(gather(fetch("users"), fetch("orders")));   // ~1 s, not 2
 *         System.out.println(pages);
 *         return Task.done();
 *     }
 *
 *     public static void main(String[] args) { Weft.run(() -> new Fetcher().main()); }
 * }
 * }</pre>
 *
 * <p>What it holds: {@link dev.weft.Task}, the eventual value of an async computation;
 * {@link dev.weft.Weft}, the entry points ({@code await}, {@code run}, {@code createTask},
 * {@code gather}, {@code sleep}, timeouts, {@code toThread}) modelled on Python's asyncio, whose
 * semantics they follow; {@link dev.weft.TaskGroup} for structured concurrency; async generators and
 * resources; the options of a run (debug mode, a virtual clock for tests); and the
 * {@link dev.weft.Loop} that library authors schedule callbacks on. Everything runs on one event loop
 * per {@code run}, on the calling thread, so code between two awaits never races with other tasks of
 * that loop.
 *
 * <p><b>Cancellation</b> is asyncio's: {@link dev.weft.Task#cancel()} throws
 * {@link dev.weft.CancelledException} at the await where the task is suspended, so {@code finally}
 * blocks run; its class comment says why it is an {@code Error}. Each method that waits says in a
 * <b>Cancellation:</b> paragraph what cancelling it does, and README.md's section "The event loop,
 * tasks and cancellation" gives the whole picture.
 */
package dev.weft;
