package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The entry points: {@code await}, running an event loop, and the asyncio-style library.
 *
 * <pre>{@code
 * import static dev.weft.Weft.*;
 *
 * class Hello {
 *     @Async Task<Void> main() {
 *         System.out.println("Hello");
 *         await(sleep(Duration.ofSeconds(1)));
 *         System.out.println("World");
 *         return Task.done();
 *     }
 *
 *     public static void main(String[] args) { Weft.run(() -> new Hello().main()); }
 * }
 * }</pre>
 */
public final class Weft {
    private Weft() {
    }

    /**
     * Waits for {@code task} without blocking: the calling {@link Async} method suspends until the
     * task is done, then returns its result or throws its exception (checked exceptions as they are).
     *
     * <p>The weaver replaces every call of this method; reaching this body means the caller was not
     * woven, and it throws {@link NotWovenError} (an {@code Error}, so that no {@code catch} around
     * the await turns it into a wrong answer) instead of blocking.
     *
     * @param <T> the type of the value
     * @param task the task to wait for
     * @return the task's value
     */
    public static <T> T await(Task<T> task) {
        throw notWoven();
    }

    /**
     * Like {@link #await(Task)}, for any {@link CompletionStage} such as a {@code CompletableFuture}.
     *
     * @param <T> the type of the value
     * @param stage the stage to wait for
     * @return the stage's value
     */
    public static <T> T await(CompletionStage<T> stage) {
        throw notWoven();
    }

    /**
     * Like {@link #await(Task)}, and declares that the task may fail with the checked exception
     * {@code mayThrow}, so that javac lets the caller catch it by its type:
     *
     * <pre>{@code
     * try {
     *     String body = await(download(url), IOException.class);
     * } catch (IOException e) {
     *     ...
     * }
     * }</pre>
     *
     * The class is only for the compiler: any exception is thrown as it is, as by {@link #await(Task)}.
     *
     * @param <T> the type of the result
     * @param <E> the checked exception the task may fail with
     * @param task the task to wait for
     * @param mayThrow the class of {@code E}, for the compiler
     * @return the task's result
     * @throws E if the task fails with it
     */
    public static <T, E extends Exception> T await(Task<T> task, Class<E> mayThrow) throws E {
        throw notWoven();
    }

    /**
     * Like {@link #await(Task, Class)}, for any {@link CompletionStage}.
     *
     * @param <T> the type of the value
     * @param <E> the checked exception the stage may fail with
     * @param stage the stage to wait for
     * @param mayThrow the class of {@code E}, for the compiler
     * @return the stage's value
     * @throws E if the stage fails with it
     */
    public static <T, E extends Exception> T await(CompletionStage<T> stage, Class<E> mayThrow) throws E {
        throw notWoven();
    }

    /**
     * Runs {@code main} on a new event loop on the calling thread until its task is done, and
     * returns its result or throws its exception (asyncio {@code run}). The loop runs one more turn
     * after the main task ended (tasks it created in its last step run their first step); tasks
     * still running then are cancelled and awaited before it returns, and the loop runs one more
     * turn after they ended (tasks their cleanup created take their first step, but are not
     * cancelled, as in asyncio); then async generators left suspended at an emit are closed (their
     * {@code finally} blocks run; what these throw is reported). A task still pending when the loop
     * closes is reported (asyncio's "Task was destroyed but it is pending!").
     *
     * @param <T> the type of the value
     * @param main the main coroutine, called once the loop runs
     * @return the main task's value
     * @throws IllegalStateException if called from code already running on an event loop
     */
    public static <T> T run(Supplier<? extends Task<T>> main) {
        return run(main, RunOptions.defaults());
    }

    /**
     * Like {@link #run(Supplier)}, with options: debug mode, a clock, a reporter.
     *
     * <pre>{@code
     * Weft.run(() -> main(), RunOptions.defaults().withDebug(true));
     * }</pre>
     *
     * @param <T> the type of the value
     * @param main the main coroutine, called once the loop runs
     * @param options the loop's options
     * @return the main task's value
     */
    public static <T> T run(Supplier<? extends Task<T>> main, RunOptions options) {
        Objects.requireNonNull(main, "main");
        Objects.requireNonNull(options, "options");
        if (EventLoop.current() != null) {
            throw new IllegalStateException(
                    "Weft.run() cannot be called from a running event loop; use await(...) instead");
        }
        EventLoop loop = new EventLoop(Thread.currentThread(), options);
        LoopTask<T> task = new LoopTask<>(loop, main, null);
        try {
            loop.runUntilDone(task);
            loop.runOneMoreTurn();
        } finally {
            try {
                loop.cancelRemainingTasks();
                loop.closeRemainingGenerators();
            } finally {
                loop.close();
            }
        }
        return task.valueOrThrow();
    }

    /**
     * Runs {@code main} on a parallel scheduler of one event loop per core, and returns its result
     * or throws its exception, as {@link #run(Supplier)} does. For programs whose tasks need every
     * core: each loop has its own thread, {@link #createTask} spreads new tasks across the loops,
     * and each task stays on the loop it started on until it ends.
     *
     * <pre>{@code
     * List<Long> sums = Weft.runParallel(() -> {
     *     List<Task<Long>> parts = new ArrayList<>();
     *     for (int i = 0; i < 8; i++) {
     *         int part = i;
     *         parts.add(createTask(() -> sumPart(part)));   // round-robin over the loops
     *     }
     *     return gather(parts);
     * });
     * }</pre>
     *
     * <p>The rules: the call starts the loops' threads and blocks until the main task (on one of
     * the loops) ends; tasks still running then, on every loop, are cancelled and awaited; the
     * threads have ended when it returns. Awaiting a task of another loop, cancelling it, and
     * {@code gather}/{@code wait}/{@code TaskGroup} over tasks of several loops all work: a
     * completion or a cancellation hops to the loop it is for. Locks, events, queues, semaphores,
     * conditions and barriers stay single-loop: one used from a second loop throws
     * {@link IllegalStateException}; create the tasks that share one with {@link #createLocalTask}.
     * Interrupting the calling thread cancels the main task.
     *
     * @param <T> the type of the value
     * @param main the main coroutine, called once the loop runs
     * @return the main task's value
     * @throws IllegalStateException if called from code already running on an event loop
     */
    public static <T> T runParallel(Supplier<? extends Task<T>> main) {
        return runParallel(main, ParallelOptions.defaults());
    }

    /**
     * Like {@link #runParallel(Supplier)}, with a number of loops and the loops' run options.
     *
     * <pre>{@code
     * Weft.runParallel(() -> main(), ParallelOptions.defaults().withLoops(4));
     * }</pre>
     *
     * @param <T> the type of the value
     * @param main the main coroutine, called once the loop runs
     * @param options the number of loops and their options
     * @return the main task's value
     */
    public static <T> T runParallel(Supplier<? extends Task<T>> main, ParallelOptions options) {
        Objects.requireNonNull(main, "main");
        Objects.requireNonNull(options, "options");
        if (EventLoop.current() != null) {
            throw new IllegalStateException(
                    "Weft.runParallel() cannot be called from a running event loop; use await(...) instead");
        }
        return new LoopGroup(options.loops(), options.runOptions()).run(main);
    }

    /**
     * The running event loop, for library authors ({@code callSoon}, {@code callLater}, ...).
     *
     * @return the event loop running on this thread
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static Loop loop() {
        return runningLoop("loop");
    }

    /**
     * The task whose code is running: the one made by {@link #createTask} or {@link #run} that the
     * calling code belongs to; null in a plain loop callback (asyncio {@code current_task}).
     *
     * @return the current task, or null
     */
    public static Task<?> currentTask() {
        return runningLoop("currentTask").currentTask();
    }

    /**
     * The tasks of the running loop that are not done yet, in creation order (asyncio {@code all_tasks}).
     *
     * @return the live tasks
     */
    public static Set<Task<?>> allTasks() {
        return runningLoop("allTasks").liveTasks();
    }

    /**
     * Prints every live task of the running loop to {@code System.out} as a tree of who awaits whom;
     * see {@link #dumpTasks(Appendable)}.
     *
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static void dumpTasks() {
        EventLoop loop = dumpingLoop();
        TaskDump.print(out -> TaskDump.dumpLoops(loop.peers(), out));
    }

    /**
     * Writes every live task of the running loop (of every loop of the group under
     * {@link #runParallel}) to {@code out} as a tree of who awaits whom, like Python's
     * {@code python -m asyncio pstree}: the roots are the tasks no other task awaits; under each
     * task, the tasks it awaits, directly or through {@code gather}, {@code waitFor}, {@code shield},
     * a {@link TaskGroup}. Each task shows its name and state, its suspended coroutine frames
     * (outermost first, each at the line of its {@code await}), and what the innermost waits on: a
     * task, a {@code CompletableFuture}, a sleep (until when, on the loop's clock), a lock and the
     * task holding it, a semaphore, an event, a condition, a queue's get or put, a socket read,
     * write or connect, a datagram, a subprocess, a {@link #toThread} call.
     *
     * <pre>{@code
     * Weft.dumpTasks(System.err);
     * }</pre>
     * prints, for two tasks that each wait for the other's lock:
     * <pre>
     * Task dump of loop 'main' (3 tasks):
     * Task 'Task-1' (running)
     * Task 'alice' (waiting)
     *     at demo.Transfer.transfer(Transfer.java:22)
     *     waits on AsyncLock held by Task 'bob'
     * Task 'bob' (waiting)
     *     at demo.Transfer.transfer(Transfer.java:22)
     *     waits on AsyncLock held by Task 'alice'
     * </pre>
     *
     * <p>Frame lines come from the debug table the weaver writes into each frame class; a task
     * awaited by two tasks is shown under the first and named "shown above" under the second. Under
     * {@link #runParallel} the other loops are asked to describe their own tasks; one that does not
     * answer within a second (it is blocked) is read from this thread as it runs, and the dump says
     * so. Nothing is cancelled or resumed by a dump.
     *
     * @param out where the dump goes
     * @throws IllegalStateException if no event loop runs on this thread
     * @throws java.io.UncheckedIOException if {@code out} throws an {@code IOException}
     */
    public static void dumpTasks(Appendable out) {
        Objects.requireNonNull(out, "out");
        TaskDump.dumpLoops(dumpingLoop().peers(), out);
    }

    private static EventLoop dumpingLoop() {
        EventLoop loop = EventLoop.current();
        if (loop == null) {
            throw new IllegalStateException("Weft.dumpTasks() needs a running event loop: call it from code started by"
                    + " Weft.run(...); from another thread, use RunOptions.withStallReport or the agent's"
                    + " 'tasks' command");
        }
        return loop;
    }

    /**
     * A task that completes after {@code delay}, without blocking the loop. Cancelling it (or the
     * task awaiting it) removes its timer at once. A delay of zero or less yields for one turn; one
     * longer than the loop's timers take, about 73 years (2<sup>61</sup> ns), waits that long: so
     * {@code sleep(Long.MAX_VALUE)} sleeps until cancelled, in practice.
     *
     * @param delay how long to sleep
     * @return a task that completes after {@code delay}
     */
    public static Task<Void> sleep(Duration delay) {
        return sleepNanos(Delays.nanos(delay));
    }

    /**
     * A task that completes after {@code millis} milliseconds, without blocking the loop; as
     * {@link #sleep(Duration)}, {@code sleep(Long.MAX_VALUE)} waits about 73 years.
     *
     * @param millis how long to sleep, in milliseconds
     * @return a task that completes after {@code millis}
     */
    public static Task<Void> sleep(long millis) {
        return sleepNanos(Delays.ofMillis(millis));
    }

    private static Task<Void> sleepNanos(long nanos) {
        EventLoop loop = runningLoop("sleep");
        if (nanos <= 0) {
            Yield y = new Yield(loop); // sleep(0): just yield to the loop for one turn
            loop.enqueue(y);
            return y;
        }
        Sleep s = new Sleep(loop);
        loop.schedule(s, loop.time() + nanos);
        return s;
    }

    /**
     * Schedules {@code coroutine} to start on the next loop turn and returns its task at once
     * (asyncio {@code create_task}). The task is named {@code Task-N}. Under {@link #runParallel}
     * the task goes to the scheduler's next loop (round-robin) and stays there.
     *
     * <pre>{@code
     * Task<Void> ticker = createTask(() -> tick("A", 1000));
     * await(sleep(5000));
     * ticker.cancel();
     * }</pre>
     *
     * @param <T> the type of the value
     * @param coroutine the task's body, called on the next loop turn
     * @return the new task
     */
    public static <T> Task<T> createTask(Supplier<? extends Task<T>> coroutine) {
        return createTask(coroutine, null);
    }

    /**
     * Like {@link #createTask(Supplier)}, with a name ({@link Task#name()}).
     *
     * @param <T> the type of the value
     * @param coroutine the task's body, called on the next loop turn
     * @param name the task's name ({@link Task#name()})
     * @return the new task
     */
    public static <T> Task<T> createTask(Supplier<? extends Task<T>> coroutine, String name) {
        Objects.requireNonNull(coroutine, "coroutine");
        return new LoopTask<>(runningLoop("createTask").loopForNewTask(), coroutine, name);
    }

    /**
     * Like {@link #createTask(Supplier)}, but the task always runs on the calling code's loop, also
     * under {@link #runParallel}: for tasks that share an {@link dev.weft.sync.AsyncLock},
     * {@link dev.weft.sync.AsyncQueue}, {@link dev.weft.sync.AsyncEvent} or other single-loop
     * primitive with their creator. Under {@link #run} it is the same as {@code createTask}.
     *
     * <pre>{@code
     * AsyncQueue<Job> jobs = AsyncQueue.fifo();
     * for (int i = 0; i < 4; i++) {
     *     createLocalTask(() -> worker(jobs));   // same loop as jobs' other users
     * }
     * }</pre>
     *
     * @param <T> the type of the value
     * @param coroutine the task's body, called on the next loop turn
     * @return the new task
     */
    public static <T> Task<T> createLocalTask(Supplier<? extends Task<T>> coroutine) {
        return createLocalTask(coroutine, null);
    }

    /**
     * Like {@link #createLocalTask(Supplier)}, with a name ({@link Task#name()}).
     *
     * @param <T> the type of the value
     * @param coroutine the task's body, called on the next loop turn
     * @param name the task's name ({@link Task#name()})
     * @return the new task
     */
    public static <T> Task<T> createLocalTask(Supplier<? extends Task<T>> coroutine, String name) {
        Objects.requireNonNull(coroutine, "coroutine");
        return new LoopTask<>(runningLoop("createLocalTask"), coroutine, name);
    }

    /**
     * A task that completes when all {@code tasks} are done, with their results in the order given
     * (asyncio {@code gather}). If one fails, the gather fails at once with its exception and the
     * others keep running; a task's cancellation fails it the same way (the gather is then not
     * itself cancelled: {@code isCancelled()} is false, as asyncio's). Cancelling the gather cancels
     * the tasks not yet done; it then fails with a {@link CancelledException} once one of them
     * ended (even if it swallowed the cancellation), not at once. The task of an {@code @Async} call
     * left running by a failed gather goes on as a task of its own, as in {@link #shield} (asyncio's
     * gather wrapped it in one), which the run's end cancels if it is still running then.
     *
     * <pre>{@code
     * List<String> pages = await(gather(fetch("a"), fetch("b"), fetch("c")));
     * }</pre>
     *
     * @param <T> the type of the values
     * @param tasks the tasks to wait for
     * @return a task with the values, in the order of {@code tasks}
     */
    @SafeVarargs
    public static <T> Task<List<T>> gather(Task<? extends T>... tasks) {
        return new Gather<T>(Gathering.ownCopy(tasks, "gather")).start();
    }

    /**
     * Like {@link #gather(Task[])}, for a collection of tasks.
     *
     * @param <T> the type of the values
     * @param tasks the tasks to wait for
     * @return a task with the values, in the order of {@code tasks}
     */
    public static <T> Task<List<T>> gather(Collection<? extends Task<? extends T>> tasks) {
        return new Gather<T>(Gathering.ownCopy(tasks, "gather")).start();
    }

    /**
     * Like {@link #gather(Task[])}, but never fails because a task failed: it completes when every
     * task is done, with every outcome in argument order (asyncio {@code gather(return_exceptions=True)}).
     * Cancelling it cancels the tasks, and it fails with a {@link CancelledException} once they
     * are done.
     *
     * <pre>{@code
     * List<Outcome<String>> all = await(gatherSettled(fetch("a"), fetch("b")));
     * }</pre>
     *
     * @param <T> the type of the values
     * @param tasks the tasks to wait for
     * @return a task with the outcomes, in the order of {@code tasks}
     */
    @SafeVarargs
    public static <T> Task<List<Outcome<T>>> gatherSettled(Task<? extends T>... tasks) {
        return new GatherSettled<T>(Gathering.ownCopy(tasks, "gatherSettled")).start();
    }

    /**
     * Like {@link #gatherSettled(Task[])}, for a collection of tasks.
     *
     * @param <T> the type of the values
     * @param tasks the tasks to wait for
     * @return a task with the outcomes, in the order of {@code tasks}
     */
    public static <T> Task<List<Outcome<T>>> gatherSettled(Collection<? extends Task<? extends T>> tasks) {
        return GatherSettled.of(tasks);
    }

    /**
     * The task's outcome, or {@link AsyncTimeoutException} if it is not done within {@code timeout}
     * (asyncio {@code wait_for}). On timeout the task is cancelled and waited for before the
     * exception is thrown; if it swallows the cancellation and succeeds, its result is the
     * result. Cancelling the awaiting task cancels {@code task} too. A null timeout waits forever.
     *
     * <pre>{@code
     * try {
     *     String r = await(waitFor(slowOperation(), Duration.ofSeconds(3)));
     * } catch (AsyncTimeoutException e) {
     *     System.out.println("Operation timed out!");
     * }
     * }</pre>
     *
     * @param <T> the type of the value
     * @param task the task to wait for
     * @param timeout the longest wait, or null
     * @return a task that ends as {@code task}, or fails on timeout
     */
    public static <T> Task<T> waitFor(Task<T> task, Duration timeout) {
        Objects.requireNonNull(task, "task");
        if (timeout == null) {
            return task;
        }
        EventLoop loop = runningLoop("waitFor");
        if (timeout.isNegative() || timeout.isZero()) {
            return WaitForNow.of(loop, task);
        }
        return startTimeout(loop, loop.time() + Delays.nanos(timeout), scope -> task);
    }

    /**
     * Runs {@code body} under a deadline {@code delay} from now (asyncio {@code timeout}): when it
     * passes, the body is cancelled and the returned task fails with {@link AsyncTimeoutException};
     * other cancellations pass through unchanged. A null delay means no deadline.
     *
     * <p>Java has no {@code async with}, and a try-with-resources {@code close()} cannot replace the
     * exception in flight, so the scope takes its body as a lambda (woven like any async lambda):
     *
     * <pre>{@code
     * String s = await(timeout(Duration.ofSeconds(3), () -> slowOperation()));
     * }</pre>
     *
     * @param <T> the type of the value
     * @param delay the time the body may take, or null
     * @param body the work under the deadline
     * @return a task that ends as the body, or fails on timeout
     */
    public static <T> Task<T> timeout(Duration delay, Supplier<? extends Task<T>> body) {
        Objects.requireNonNull(body, "body");
        return timeout(delay, scope -> body.get());
    }

    /**
     * Like {@link #timeout(Duration, Supplier)}, with the {@link Timeout} scope given to the body (to reschedule it).
     *
     * @param <T> the type of the value
     * @param delay the time the body may take, or null
     * @param body the work under the deadline, given its scope
     * @return a task that ends as the body, or fails on timeout
     */
    public static <T> Task<T> timeout(Duration delay, Function<Timeout, ? extends Task<T>> body) {
        EventLoop loop = runningLoop("timeout");
        return startTimeout(loop, delay == null ? Timeout.NEVER : loop.time() + Delays.nanos(delay), body);
    }

    /**
     * Like {@link #timeout(Duration, Supplier)}, with an absolute deadline in loop time ({@link Loop#time()}).
     *
     * @param <T> the type of the value
     * @param deadlineNanos the deadline in loop time, or {@link Timeout#NEVER}
     * @param body the work under the deadline
     * @return a task that ends as the body, or fails on timeout
     */
    public static <T> Task<T> timeoutAt(long deadlineNanos, Supplier<? extends Task<T>> body) {
        Objects.requireNonNull(body, "body");
        return timeoutAt(deadlineNanos, scope -> body.get());
    }

    /**
     * Like {@link #timeoutAt(long, Supplier)}, with the {@link Timeout} scope given to the body.
     *
     * @param <T> the type of the value
     * @param deadlineNanos the deadline in loop time, or {@link Timeout#NEVER}
     * @param body the work under the deadline, given its scope
     * @return a task that ends as the body, or fails on timeout
     */
    public static <T> Task<T> timeoutAt(long deadlineNanos, Function<Timeout, ? extends Task<T>> body) {
        return startTimeout(runningLoop("timeoutAt"), deadlineNanos, body);
    }

    private static <T> Task<T> startTimeout(EventLoop loop, long deadline, Function<Timeout, ? extends Task<T>> body) {
        Objects.requireNonNull(body, "body");
        Timeout scope = new Timeout(loop);
        TimeoutTask<T> task = new TimeoutTask<>(scope, loop);
        scope.reschedule(deadline);
        Task<T> b;
        try {
            b = Objects.requireNonNull(body.apply(scope), "the timeout body returned null instead of a task");
        } catch (Throwable t) {
            b = Task.failed(t);
        }
        task.attach(b);
        return task;
    }

    /**
     * Waits until {@code when} is met and returns the done and pending tasks (asyncio {@code wait});
     * it never cancels the tasks and never throws their exceptions. Named {@code waitTasks}, not
     * {@code wait}: inside a class, the inherited {@code Object.wait} would hide a static import.
     * asyncio's wait takes tasks: the task of an {@code @Async} call given here becomes a task of its
     * own, as in {@link #shield}, which the run's end cancels if it is still pending then.
     *
     * <pre>{@code
     * WaitResult<String> r = await(Weft.waitTasks(List.of(a, b), ReturnWhen.FIRST_COMPLETED));
     * }</pre>
     *
     * @param <T> the type of the tasks' values
     * @param tasks the tasks to wait for
     * @param when the condition to wait for
     * @return a task with the done and the pending tasks
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    public static <T> Task<WaitResult<T>> waitTasks(Collection<? extends Task<T>> tasks, ReturnWhen when) {
        return waitTasks(tasks, when, null);
    }

    /**
     * Like {@link #waitTasks(Collection, ReturnWhen)}, returning after {@code timeout} at the latest (no exception).
     *
     * @param <T> the type of the tasks' results
     * @param tasks the tasks to wait for
     * @param when the condition to wait for
     * @param timeout the longest wait, or null
     * @return a task with the done and the pending tasks
     */
    public static <T> Task<WaitResult<T>> waitTasks(Collection<? extends Task<T>> tasks, ReturnWhen when, Duration timeout) {
        Objects.requireNonNull(when, "when");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("waitTasks() of an empty collection of tasks");
        }
        List<Task<T>> list = new ArrayList<>(tasks);
        EventLoop loop = runningLoop("waitTasks");
        LoopTask.adoptAll(list); // asyncio's wait takes tasks: a coroutine frame becomes one
        return new WaitTask<>(loop, list, when).start(timeout == null ? -1 : Math.max(0, Delays.nanos(timeout)));
    }

    /**
     * Tasks that end in the order the given tasks end (asyncio {@code as_completed}): the first ends
     * with the outcome of whichever task ends first, and so on. As asyncio wraps a coroutine in a
     * task here, the task of an {@code @Async} call given becomes a task of its own, as in
     * {@link #shield}: one nobody awaits to its end is cancelled at the run's end.
     *
     * <pre>{@code
     * for (Task<String> next : asCompleted(List.of(a, b, c))) {
     *     System.out.println(await(next));   // fastest first
     * }
     * }</pre>
     *
     * <p>As asyncio's, it follows the set of the given tasks: a task given twice is followed once.
     *
     * @param <T> the type of the tasks' values
     * @param tasks the tasks to follow
     * @return one task per distinct given task, in the order they end
     */
    public static <T> List<Task<T>> asCompleted(Collection<? extends Task<T>> tasks) {
        return asCompleted(tasks, null);
    }

    /**
     * Like {@link #asCompleted(Collection)}; those not ended after {@code timeout} fail with {@link AsyncTimeoutException}.
     *
     * @param <T> the type of the tasks' values
     * @param tasks the tasks to follow
     * @param timeout the longest wait for all of them
     * @return one task per distinct given task, in the order they end
     */
    public static <T> List<Task<T>> asCompleted(Collection<? extends Task<T>> tasks, Duration timeout) {
        EventLoop loop = runningLoop("asCompleted");
        LoopTask.adoptAll(tasks); // as asyncio's as_completed wraps a coroutine in a task
        return AsCompleted.of(loop, tasks, timeout); // which copies them, each once
    }

    /**
     * A task that ends as {@code task} ends, but whose cancellation does not reach {@code task}
     * (asyncio {@code shield}): cancelling the awaiting task throws {@link CancelledException} at
     * the await while {@code task} keeps running.
     *
     * <pre>{@code
     * String r = await(shield(save(record)));   // a cancellation here does not interrupt save
     * }</pre>
     *
     * <p>As asyncio's shield wraps a coroutine in a task, the task of an {@code @Async} call given
     * here (not done yet) becomes a task of its own, like one of {@link #createTask}: from its next
     * resumption on, its code runs for that task ({@link #currentTask()}, {@code cancelling()}),
     * {@link #allTasks()} lists it, cancelling {@code task} cancels that task, and the run's end
     * cancels it if it is still running then (its {@code finally} blocks run).
     *
     * @param <T> the type of the value
     * @param task the task to protect from cancellation
     * @return a task that ends as {@code task} does
     */
    public static <T> Task<T> shield(Task<T> task) {
        return Shield.of(Objects.requireNonNull(task, "task"));
    }

    /**
     * Runs {@code body} with a {@link TaskGroup} (asyncio {@code async with TaskGroup() as tg}); the
     * returned task ends when the body and all the children it created have ended.
     *
     * <pre>{@code
     * await(taskGroup(tg -> {
     *     tg.createTask(() -> fetch("a"));
     *     tg.createTask(() -> fetch("b"));
     *     return Task.done();
     * }));
     * }</pre>
     *
     * @param <T> the type of the value
     * @param body the group's body, given the group to create children in
     * @return a task with the body's value, once every child ended
     */
    public static <T> Task<T> taskGroup(Function<TaskGroup, ? extends Task<T>> body) {
        Objects.requireNonNull(body, "body");
        return new TaskGroup(runningLoop("taskGroup")).start(body);
    }

    static EventLoop runningLoop(String what) {
        EventLoop loop = EventLoop.current();
        if (loop == null) {
            throw new IllegalStateException(what + "() needs a running event loop: call it from code started by Weft.run(...)");
        }
        return loop;
    }

    private static NotWovenError notWoven() {
        return NotWovenError.ofCaller();
    }

    // ---- threads and resources -------------------------------------------------------------

    /**
     * Runs blocking or CPU-bound {@code work} off the loop (asyncio {@code to_thread}) and completes
     * with its result on the calling loop: the loop stays free meanwhile.
     *
     * <pre>{@code
     * byte[] data = await(toThread(() -> Files.readAllBytes(path)));
     * }</pre>
     *
     * <p>It runs on a virtual thread when the JVM has them (Java 21+), else on a shared bounded pool
     * of daemon platform threads ({@code min(32, cores + 4)}). <b>Cancellation:</b> the task is
     * cancelled at once and the worker thread is interrupted; work that ignores interrupts runs on
     * and its result is dropped.
     *
     * @param <T> the type of the value
     * @param work the blocking work
     * @return a task with the work's result
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static <T> Task<T> toThread(java.util.concurrent.Callable<? extends T> work) {
        return runInExecutor(ThreadExecutors.shared(), work);
    }

    /**
     * Like {@link #toThread}, on the given {@code executor} (asyncio {@code run_in_executor}). If the
     * executor rejects the work, the task fails with its {@code RejectedExecutionException}.
     *
     * @param <T> the type of the value
     * @param executor where the work runs
     * @param work the blocking work
     * @return a task with the work's result
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static <T> Task<T> runInExecutor(java.util.concurrent.Executor executor,
            java.util.concurrent.Callable<? extends T> work) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(work, "work");
        return new ThreadCall<T>(runningLoop("toThread"), work).submitTo(executor);
    }

    /**
     * Runs {@code body} with {@code resource}, then awaits {@code resource.close()} on every path:
     * success, failure or cancellation (asyncio {@code async with}). The task completes as the body
     * did, after the close; the close's exception is added as suppressed to the body's, or fails the
     * task if the body succeeded.
     *
     * <pre>{@code
     * await(using(await(AsyncResource.open()), r -> {
     *     System.out.println("Using resource");
     *     return Task.done();
     * }));
     * }</pre>
     *
     * <p><b>Cancellation:</b> cancelling the task cancels the body, and the resource is closed
     * afterwards all the same; once closing, it cancels the close.
     *
     * @param <R> the type of the resource
     * @param <T> the type of the body's value
     * @param resource the resource to close after the body
     * @param body the work with the resource
     * @return a task that ends as the body, after the close
     */
    public static <R extends AsyncCloseable, T> Task<T> using(R resource,
            java.util.function.Function<? super R, ? extends Task<T>> body) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(body, "body");
        return new Using<R, T>(resource).start(body);
    }
}
