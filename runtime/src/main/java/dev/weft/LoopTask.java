package dev.weft;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A task the loop owns (asyncio {@code Task}): made by {@code createTask} and {@code run}, it has a
 * name, is listed by {@code allTasks}, is current while its code runs, and counts cancellation
 * requests for {@code cancelling()}/{@code uncancel()}.
 *
 * <pre>
 *   state     meaning                                           next
 *   SCHEDULED the coroutine starts on the next turn             RUNNING, done (cancelled before start)
 *   RUNNING   inner is the coroutine's task, not done yet       done (as inner ends)
 * </pre>
 *
 * Cancellation goes to the inner task (which passes it down the chain of awaits to where the code is
 * suspended); if the inner task cannot take it now, it is kept ({@code mustCancel}) and delivered
 * at the start, or by ending the task cancelled if the inner task ends with a value.
 */
final class LoopTask<T> extends Task<T> implements Runnable, Completion {
    private final EventLoop loop;
    private final String name;
    private Supplier<? extends Task<T>> coroutine;
    private Task<T> inner;
    private int cancelRequests;
    private boolean mustCancel;
    private String cancelMessage;

    LoopTask(EventLoop loop, Supplier<? extends Task<T>> coroutine, String name) {
        this.loop = loop;
        this.coroutine = Objects.requireNonNull(coroutine, "coroutine");
        this.name = name != null ? name : loop.nextTaskName();
        DebugState.track(this, loop, "task '" + this.name + "'");
        if (loop.inLoopThread()) {
            loop.register(this);
            loop.enqueue(this);
        } else {
            // Made by another loop of a parallel group (or by runParallel's caller): the loop's
            // task set is its own, so it registers the task itself, and starts it on the turn after,
            // as createTask does; a cancel() sent right after lands in between and wins.
            loop.enqueueThreadSafe(() -> {
                loop.register(this);
                loop.enqueue(this);
            });
        }
    }

    /** The loop this task runs on, from its first step to its end. */
    EventLoop loop() {
        return loop;
    }

    /** The first step: starts the coroutine with this task current. */
    @Override
    public void run() {
        Supplier<? extends Task<T>> s = coroutine;
        coroutine = null;
        if (s == null || isDone()) {
            return;
        }
        if (mustCancel) {
            mustCancel = false;
            fail(new CancelledException(cancelMessage)); // cancelled before it started: the body never runs
            return;
        }
        Task<T> t;
        Task<?> previous = loop.swapCurrent(this);
        try {
            t = Objects.requireNonNull(s.get(), "the coroutine returned null instead of a task");
        } catch (Throwable e) {
            fail(e);
            return;
        } finally {
            loop.swapCurrent(previous);
        }
        inner = t;
        if (mustCancel && t.cancel(cancelMessage)) {
            mustCancel = false; // it cancelled itself while it ran its first step
        }
        t.addCompletion(this);
    }

    @Override
    public void onComplete(Task<?> done) {
        loop.onLoop(this::settleFromInner);
    }

    private void settleFromInner() {
        if (mustCancel && !inner.isFailed()) {
            mustCancel = false;
            fail(new CancelledException(cancelMessage)); // asyncio: cancelled right before it returned
        } else {
            completeFrom(inner);
        }
    }

    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        if (!loop.inLoopThread()) {
            loop.enqueueThreadSafe(() -> cancel(message));
            return true;
        }
        cancelRequests++;
        Task<T> in = inner;
        if (in != null && in.cancel(message)) {
            return true;
        }
        mustCancel = true;
        cancelMessage = message;
        return true;
    }

    @Override
    public int cancelling() {
        return cancelRequests;
    }

    @Override
    public int uncancel() {
        if (cancelRequests > 0 && --cancelRequests == 0) {
            mustCancel = false;
        }
        return cancelRequests;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    void onSettled() {
        if (loop.inLoopThread()) {
            loop.unregister(this);
        } else {
            loop.enqueueThreadSafe(() -> loop.unregister(this));
        }
    }
}
