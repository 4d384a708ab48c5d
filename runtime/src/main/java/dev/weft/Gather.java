package dev.weft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The task of {@code gather}: done when every child is done, with their values in argument order.
 * The first child failure fails it at once while the other children keep running (asyncio's
 * default); a child's cancellation is such a failure, and the gather is then not itself cancelled.
 * Cancelling it cancels every child that is not done yet, and it ends when one of them ends
 * with its cancellation (or all ended): with a {@link CancelledException}, not as cancelled, as
 * asyncio's gathering future.
 */
final class Gather<T> extends Task<List<T>> {
    private final Task<? extends T>[] children;
    private final Object[] values;
    private final AtomicInteger pending;
    /** Set by {@link #cancel}: the gather fails with a cancellation even if every child ended with a value. */
    private volatile boolean cancelRequested;
    private volatile String cancelMessage;

    Gather(Task<? extends T>[] children) {
        this.children = children;
        this.values = new Object[children.length];
        this.pending = new AtomicInteger(children.length);
    }

    /** Starts listening; completes at once when there are no children. */
    Gather<T> start() {
        if (children.length == 0) {
            complete(List.of());
            return this;
        }
        for (int i = 0; i < children.length; i++) {
            int index = i;
            children[i].addCompletion(done -> childDone(index));
        }
        return this;
    }

    private void childDone(int index) {
        Task<? extends T> child = children[index];
        Throwable failure = child.failureOrNull();
        if (failure instanceof CancelledException) {
            failNotCancelling((CancelledException) failure);
            return;
        }
        if (failure != null) {
            failAs(child, failure);
            return;
        }
        values[index] = child.valueOrThrow();
        // The decrement publishes values[index] to whichever thread sees the count reach zero.
        if (pending.decrementAndGet() == 0) {
            if (cancelRequested) {
                // asyncio (bpo-32684): a cancelled gather fails even if its children swallowed the cancellation.
                failNotCancelling(new CancelledException(cancelMessage));
            } else {
                complete(collect());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<T> collect() {
        return (List<T>) java.util.Collections.unmodifiableList(new ArrayList<>(Arrays.asList(values)));
    }

    @Override
    String waitsOn() {
        int done = 0;
        for (Task<?> c : children) {
            if (c.isDone()) {
                done++;
            }
        }
        return "gather of " + children.length + (done > 0 ? " (" + done + " done)" : "");
    }

    @Override
    java.util.Collection<? extends Task<?>> awaitedTasks() {
        return Arrays.asList(children);
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
