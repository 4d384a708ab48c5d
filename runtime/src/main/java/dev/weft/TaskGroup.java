package dev.weft;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Structured concurrency (asyncio {@code TaskGroup}): the tasks created through a group are its
 * children, and the group's task ends only when its body and every child have ended. Get one from
 * {@link Weft#taskGroup(java.util.function.Function)}.
 *
 * <pre>{@code
 * List<String> out = new ArrayList<>();
 * await(taskGroup(tg -> {
 *     tg.createTask(() -> fetch("a"));
 *     tg.createTask(() -> fetch("b"));
 *     return Task.done();
 * }));                                       // both children are done here
 * }</pre>
 *
 * <p>When a child fails (a cancellation is not a failure), the group cancels its other children
 * and its body, waits for all of them, and then fails with a {@link TaskGroupException} that lists
 * every failure, including the body's own. When the awaiting task is cancelled, the body and the
 * children are cancelled and, once they all ended, the cancellation propagates (unless there were
 * failures, which win). Otherwise the group's task ends with the body's value.
 */
public final class TaskGroup {
    private final EventLoop loop;
    private final Set<Task<?>> children = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final GroupTask<?> task;
    private Task<?> body;
    private boolean bodyDone;
    private boolean aborting;
    private boolean finished;
    private boolean cancelledFromOutside;
    private String cancelMessage;

    TaskGroup(EventLoop loop) {
        this.loop = loop;
        this.task = new GroupTask<>(this);
    }

    /**
     * Creates a child task that starts on the next loop turn, as {@link Weft#createTask(Supplier)}.
     *
     * @throws IllegalStateException if the group is finished or shutting down after a failure
     */
    public <T> Task<T> createTask(Supplier<? extends Task<T>> coroutine) {
        return createTask(coroutine, null);
    }

    /** Like {@link #createTask(Supplier)}, with a name for the child. */
    public <T> Task<T> createTask(Supplier<? extends Task<T>> coroutine, String name) {
        Objects.requireNonNull(coroutine, "coroutine");
        if (finished) {
            throw new IllegalStateException("TaskGroup " + this + " is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup " + this + " is shutting down");
        }
        // Under runParallel the child may start on another loop; its end is handled on the group's loop.
        LoopTask<T> child = new LoopTask<>(loop.loopForNewTask(), coroutine, name);
        children.add(child);
        // On the next turn, as asyncio's done callbacks: siblings due on this turn still run their step first.
        child.addCompletion(done -> loop.enqueueThreadSafe(() -> childDone(child)));
        return child;
    }

    @SuppressWarnings("unchecked")
    <T> Task<T> start(java.util.function.Function<TaskGroup, ? extends Task<T>> bodyFunction) {
        Task<T> b;
        try {
            b = Objects.requireNonNull(bodyFunction.apply(this), "the TaskGroup body returned null instead of a task");
        } catch (Throwable t) {
            b = Task.failed(t);
        }
        body = b;
        b.addCompletion(done -> loop.onLoop(this::bodyDone));
        return (Task<T>) task;
    }

    private void childDone(Task<?> child) {
        children.remove(child);
        Throwable f = child.failureOrNull();
        if (f != null && !(f instanceof CancelledException)) {
            errors.add(f);
            abort();
        }
        maybeFinish();
    }

    private void bodyDone() {
        bodyDone = true;
        if (body.isFailed()) {
            abort();
        }
        maybeFinish();
    }

    /** Cancels every child not done and the body; once only. */
    private void abort() {
        if (aborting) {
            return;
        }
        aborting = true;
        for (Task<?> c : new ArrayList<>(children)) {
            c.cancel();
        }
        if (!bodyDone) {
            body.cancel();
        }
    }

    boolean cancelFromOutside(String message) {
        if (finished) {
            return false;
        }
        cancelledFromOutside = true;
        cancelMessage = message;
        if (!bodyDone) {
            body.cancel(message);
        }
        for (Task<?> c : new ArrayList<>(children)) {
            c.cancel(message);
        }
        aborting = true;
        return true;
    }

    private void maybeFinish() {
        if (!bodyDone || !children.isEmpty() || finished) {
            return;
        }
        finished = true;
        Throwable bodyFailure = body.failureOrNull();
        if (bodyFailure != null && !(bodyFailure instanceof CancelledException)) {
            errors.add(bodyFailure);
        }
        if (!errors.isEmpty()) {
            task.fail(new TaskGroupException(errors));
        } else if (bodyFailure instanceof CancelledException) {
            task.fail(bodyFailure);
        } else if (cancelledFromOutside) {
            task.fail(new CancelledException(cancelMessage));
        } else {
            task.completeFromBody(body);
        }
    }

    @Override
    public String toString() {
        return "TaskGroup[" + (finished ? "finished" : aborting ? "aborting" : "active") + ", children=" + children.size() + "]";
    }
}
