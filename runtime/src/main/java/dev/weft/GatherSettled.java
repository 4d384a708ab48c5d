package dev.weft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The task of {@code gatherSettled}: done when every child is done, with every child's outcome in
 * argument order (asyncio {@code gather(return_exceptions=True)}). Cancelling it cancels the
 * children; once they are all done, whatever their outcomes, it then fails with a
 * {@link CancelledException}, not as cancelled, as asyncio's gathering future.
 */
final class GatherSettled<T> extends Task<List<Outcome<T>>> {
    private final List<Task<? extends T>> children;
    private final AtomicInteger pending;
    private volatile boolean cancelRequested;
    private volatile String cancelMessage;

    private GatherSettled(List<Task<? extends T>> children) {
        this.children = children;
        this.pending = new AtomicInteger(children.size());
    }

    static <T> Task<List<Outcome<T>>> of(List<? extends Task<? extends T>> tasks) {
        GatherSettled<T> g = new GatherSettled<>(new ArrayList<>(tasks));
        if (tasks.isEmpty()) {
            g.complete(List.of());
        }
        for (Task<? extends T> t : g.children) {
            t.addCompletion(done -> g.childDone());
        }
        return g;
    }

    private void childDone() {
        if (pending.decrementAndGet() != 0) {
            return;
        }
        if (cancelRequested) {
            failNotCancelling(new CancelledException(cancelMessage));
            return;
        }
        List<Outcome<T>> outcomes = new ArrayList<>(children.size());
        for (Task<? extends T> c : children) {
            outcomes.add(Outcome.of(c));
        }
        complete(Collections.unmodifiableList(outcomes));
    }

    @Override
    String waitsOn() {
        return "gatherSettled of " + children.size();
    }

    @Override
    java.util.Collection<? extends Task<?>> awaitedTasks() {
        return children;
    }

    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        // Set first: a child may end (and be the last) inside its own cancel().
        cancelMessage = message;
        cancelRequested = true;
        boolean any = false;
        for (Task<? extends T> c : children) {
            any |= c.cancel(message);
        }
        if (!any) {
            cancelRequested = false;
        }
        return any;
    }
}
