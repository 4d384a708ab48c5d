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
 * every exception they failed with, the body's own included. As asyncio's, the group counts its
 * cancellation of the body as a request on the task running the body ({@link Task#cancelling()}
 * is 1 while the body handles it) and takes the request back when it ends. When the task awaiting the group is
 * cancelled, the cancellation lands in the body; once the body has ended (at once if it had), the
 * children are cancelled and, once they all ended, the cancellation propagates (unless there were
 * failures, which win; a cancellation that met failures is asked again of the task, so that its next
 * await is cancelled). Otherwise the group's task ends with the body's result.
 */
public final class TaskGroup {
    private final EventLoop loop;
    /** The task running the body (asyncio's parent task), whose cancellation requests the group counts; may be null. */
    private final Task<?> parent;
    private final Set<Task<?>> children = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final GroupTask<?> task;
    private Task<?> body;
    private boolean bodyDone;
    private boolean aborting;
    private boolean finished;
    /** The group added a cancellation request to {@link #parent}, to take back when it ends. */
    private boolean parentCancelRequested;
    /** The cancellation the group's task ends with unless there were failures (asyncio's propagate_cancellation_error). */
    private CancelledException propagateCancel;

    TaskGroup(EventLoop loop) {
        this.loop = loop;
        this.parent = loop.currentTask();
        this.task = new GroupTask<>(this);
    }

    /**
     * Creates a child task that starts on the next loop turn, as {@link Weft#createTask(Supplier)}.
     *
     * @param <T> the type of the child's value
     * @param coroutine the child's body, called on the next loop turn
     * @return the child task
     * @throws IllegalStateException if the group is finished or shutting down after a failure
     */
    public <T> Task<T> createTask(Supplier<? extends Task<T>> coroutine) {
        return createTask(coroutine, null);
    }

    /**
     * Like {@link #createTask(Supplier)}, with a name for the child.
     *
     * @param <T> the type of the child's value
     * @param coroutine the child's body, called on the next loop turn
     * @param name the child's name ({@link Task#name()})
     * @return the child task
     */
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
            if (!aborting && !parentCancelRequested) {
                abort();
                // asyncio cancels the parent task, which lands where the body waits; the group
                // cancels the body itself (the parent may await the group through a gather) and
                // counts the request on the parent, to take it back in maybeFinish.
                if (parent instanceof LoopTask && !parent.isDone()) {
                    parentCancelRequested = true;
                    if (bodyDone) {
                        ((LoopTask<?>) parent).addCancelRequest();
                    } else {
                        ((LoopTask<?>) parent).cancelCounted(body); // a timeout in the body counts it as the parent's
                    }
                } else if (!bodyDone) {
                    body.cancel();
                }
            }
        }
        maybeFinish();
    }

    private void bodyDone() {
        bodyDone = true;
        Throwable f = body.failureOrNull();
        if (f instanceof CancelledException) {
            propagateCancel = (CancelledException) f;
        }
        if (f != null) {
            abort();
        }
        maybeFinish();
    }

    /** Cancels every child not done; once only. */
    private void abort() {
        if (aborting) {
            return;
        }
        aborting = true;
        for (Task<?> c : new ArrayList<>(children)) {
            c.cancel();
        }
    }

    /** For dumps: the body, if it has not ended, then the children. */
    List<Task<?>> awaitedTasks() {
        List<Task<?>> all = new ArrayList<>();
        if (body != null && !bodyDone) {
            all.add(body);
        }
        all.addAll(children);
        return all;
    }

    /**
     * The task awaiting the group was cancelled. While the body runs, the cancellation is the
     * body's; once it ended, the group is waiting for its children (asyncio's {@code __aexit__}),
     * takes the cancellation and cancels them on the next turn, as the parent task's step would.
     */
    boolean cancelFromOutside(String message) {
        if (finished) {
            return false;
        }
        if (!bodyDone) {
            return body.cancel(message);
        }
        if (!aborting && propagateCancel == null) {
            // A second request before the abort ran finds the first on its way, and is dropped:
            // asyncio's exit catches the CancelledError of the first, which cancelled the future it
            // waits on (the second found that future done), and propagates that one.
            propagateCancel = new CancelledException(message);
            loop.enqueueThreadSafe(this::abort);
        }
        return true;
    }

    /**
     * Whether a cancellation reaching the group's task after the group ended with failures is
     * taken: asyncio's group catches it while it waits in its exit, so the failures are not lost
     * (the awaiter resumes with the {@link TaskGroupException}; an enclosing group's abort must not
     * replace it).
     */
    boolean takesLateCancel() {
        return finished && !errors.isEmpty() && loop.inLoopThread();
    }

    private void maybeFinish() {
        if (!bodyDone || !children.isEmpty() || finished) {
            return;
        }
        finished = true;
        if (parentCancelRequested && parent.uncancel() == 0) {
            propagateCancel = null;
        }
        if (propagateCancel != null && errors.isEmpty()) {
            task.fail(propagateCancel);
            return;
        }
        Throwable bodyFailure = body.failureOrNull();
        if (bodyFailure != null && !(bodyFailure instanceof CancelledException)) {
            errors.add(bodyFailure);
        }
        if (errors.isEmpty()) {
            task.completeFromBody(body);
            return;
        }
        boolean cancelledFromOutside = parent != null && parent.cancelling() > 0;
        task.fail(new TaskGroupException(errors));
        if (cancelledFromOutside) {
            // asyncio uncancels and cancels the parent again: its next await after the group is
            // cancelled. Asked once the parent resumed with the failure (queued after its resumption).
            loop.enqueue(this::cancelParentAgain);
        }
    }

    private void cancelParentAgain() {
        if (!parent.isDone() && parent.cancelling() > 0) {
            parent.uncancel();
            parent.cancel();
        }
    }

    @Override
    public String toString() {
        return "TaskGroup[" + (finished ? "finished" : aborting ? "aborting" : "active") + ", children=" + children.size() + "]";
    }
}
