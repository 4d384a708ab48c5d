package dev.weft;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
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
     * task is done, then returns its value or throws its failure (checked exceptions as they are).
     *
     * <p>The weaver replaces every call of this method; reaching this body means the caller was not
     * woven, and it throws {@link IllegalStateException} instead of blocking.
     */
    public static <T> T await(Task<T> task) {
        throw notWoven();
    }

    /** Like {@link #await(Task)}, for any {@link CompletionStage} such as a {@code CompletableFuture}. */
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
     * The class is only for the compiler: any failure is thrown as it is, as by {@link #await(Task)}.
     */
    public static <T, E extends Exception> T await(Task<T> task, Class<E> mayThrow) throws E {
        throw notWoven();
    }

    /** Like {@link #await(Task, Class)}, for any {@link CompletionStage}. */
    public static <T, E extends Exception> T await(CompletionStage<T> stage, Class<E> mayThrow) throws E {
        throw notWoven();
    }

    /**
     * Runs {@code main} on a new event loop on the calling thread until its task is done, and
     * returns its value or throws its failure.
     *
     * @throws IllegalStateException if called from code already running on an event loop
     */
    public static <T> T run(Supplier<? extends Task<T>> main) {
        Objects.requireNonNull(main, "main");
        if (EventLoop.current() != null) {
            throw new IllegalStateException(
                    "Weft.run() cannot be called from a running event loop; use await(...) instead");
        }
        EventLoop loop = new EventLoop(Thread.currentThread());
        Promise<T> result = new Promise<>();
        loop.callSoon(() -> {
            Task<T> task;
            try {
                task = Objects.requireNonNull(main.get(), "main returned null instead of a task");
            } catch (Throwable t) {
                result.fail(t);
                return;
            }
            settleOnLoop(loop, task, result);
        });
        loop.runUntilDone(result);
        return result.valueOrThrow();
    }

    /** A task that completes after {@code delay}, without blocking the loop. */
    public static Task<Void> sleep(Duration delay) {
        return sleepNanos(delay.toNanos());
    }

    /** A task that completes after {@code millis} milliseconds, without blocking the loop. */
    public static Task<Void> sleep(long millis) {
        return sleepNanos(millis * 1_000_000L);
    }

    private static Task<Void> sleepNanos(long nanos) {
        EventLoop loop = runningLoop("sleep");
        Promise<Void> p = new Promise<>();
        loop.callLater(nanos, () -> p.complete(null));
        return p;
    }

    /**
     * Schedules {@code coroutine} to start on the next loop turn and returns its task at once
     * (asyncio {@code create_task}).
     */
    public static <T> Task<T> createTask(Supplier<? extends Task<T>> coroutine) {
        Objects.requireNonNull(coroutine, "coroutine");
        EventLoop loop = runningLoop("createTask");
        Promise<T> result = new Promise<>();
        loop.callSoon(() -> {
            if (result.isDone()) {
                return; // cancelled before it started
            }
            Task<T> task;
            try {
                task = Objects.requireNonNull(coroutine.get(), "coroutine returned null instead of a task");
            } catch (Throwable t) {
                result.fail(t);
                return;
            }
            settleOnLoop(loop, task, result);
        });
        return result;
    }

    /** Completes {@code target} as {@code source} completes, on the loop's thread whatever thread completes the source. */
    private static <T> void settleOnLoop(EventLoop loop, Task<T> source, Promise<T> target) {
        if (source.isDone()) {
            target.completeFrom(source);
        } else {
            source.addCompletion(done -> loop.callSoonThreadSafe(() -> target.completeFrom(source)));
        }
    }

    /**
     * A task that completes when all {@code tasks} are done, with their values in the order given
     * (asyncio {@code gather}). If one fails, the gather fails at once with that failure and the
     * others keep running; cancelling the gather cancels the tasks not yet done.
     *
     * <pre>{@code
     * List<String> pages = await(gather(fetch("a"), fetch("b"), fetch("c")));
     * }</pre>
     */
    @SafeVarargs
    public static <T> Task<List<T>> gather(Task<? extends T>... tasks) {
        for (Task<? extends T> t : tasks) {
            Objects.requireNonNull(t, "gather() of a null task");
        }
        return new Gather<T>(tasks.clone()).start();
    }

    /** Like {@link #gather(Task[])}, for a collection of tasks. */
    @SuppressWarnings("unchecked")
    public static <T> Task<List<T>> gather(Collection<? extends Task<? extends T>> tasks) {
        return gather(tasks.toArray(new Task[0]));
    }

    private static EventLoop runningLoop(String what) {
        EventLoop loop = EventLoop.current();
        if (loop == null) {
            throw new IllegalStateException(what + "() needs a running event loop: call it from code started by Weft.run(...)");
        }
        return loop;
    }

    private static IllegalStateException notWoven() {
        String caller = StackWalker.getInstance()
                .walk(s -> s.skip(2).findFirst().map(f -> f.getClassName() + "." + f.getMethodName()
                        + (f.getLineNumber() > 0 ? " (" + f.getFileName() + ":" + f.getLineNumber() + ")" : ""))
                        .orElse("unknown"));
        return new IllegalStateException("await() was called from code that was not woven: " + caller
                + ". Mark the method @Async and weave it: add the weft-maven-plugin (goal weave) to the build,"
                + " or run with -javaagent:weft-agent.jar");
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
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static <T> Task<T> toThread(java.util.concurrent.Callable<? extends T> work) {
        return runInExecutor(ThreadExecutors.shared(), work);
    }

    /**
     * Like {@link #toThread}, on the given {@code executor} (asyncio {@code run_in_executor}). If the
     * executor rejects the work, the task fails with its {@code RejectedExecutionException}.
     *
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
     * value, failure or cancellation (asyncio {@code async with}). The task completes as the body
     * did, after the close; a close failure is added as suppressed to a body failure, or fails the
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
     */
    public static <R extends AsyncCloseable, T> Task<T> using(R resource,
            java.util.function.Function<? super R, ? extends Task<T>> body) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(body, "body");
        return new Using<R, T>(resource).start(body);
    }
}
