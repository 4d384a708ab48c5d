/**
 * Behaviour tests of the runtime, woven at test-compile time, many ported from CPython's
 * {@code test_asyncio}.
 *
 * <h2>One style for async test bodies</h2>
 *
 * A test's async body is a lambda written in the test method and passed to the runner; the test
 * asserts on what the run returned, or on the log the body filled, after the run:
 *
 * <pre>{@code
 * void cancelMessageReachesTheAwaiter() {           // a @Test
 *     String msg = Virtual.run(() -> {
 *         Task<String> t = createTask(() -> sleeper(10_000));
 *         await(sleep(1));
 *         t.cancel("my message");
 *         try {
 *             await(t);
 *             return Task.of("no");
 *         } catch (CancelledException e) {
 *             return Task.of(e.getMessage());
 *         }
 *     });
 *     assertEquals("my message", msg);
 * }
 * }</pre>
 *
 * <ul>
 *   <li>The runner is {@link dev.weft.runtime.Virtual#run} (a loop on a virtual clock: sleeps and
 *       timeouts take no real time) in this package, {@code Weft.run} in the others, and
 *       {@code Weft.run(body, options)} where the test is about the options (debug mode, a reporter).
 *   <li>{@code @Async} methods beside the tests are the tasks a body starts, named for their role
 *       ({@code holder("1")}, {@code sleeper(10)}), and bodies that take parameters or are shared
 *       by several tests ({@code Weft.run(() -> bodyFails(null))}).
 *   <li>A body keeps a method of its own only where its name is what the test reads (stack traces
 *       and reports: {@code DescentStackTest}, {@code DebugModeTest}, {@code UserFaultTest}) or
 *       where it is a long loop of its own (the race, stress and soak tests).
 * </ul>
 */
package dev.weft.runtime;
