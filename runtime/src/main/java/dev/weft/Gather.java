package dev.weft;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The task of {@code gather}: done when every child is done, with their values in argument order.
 * The first child failure fails it at once while the other children keep running (asyncio's
 * default); a child's cancellation is such a failure, and the gather is then not itself cancelled.
 * Cancelling it cancels every child that is not done yet, and it ends when one of them ends
 * with its cancellation (or all ended): with a {@link CancelledException}, not as cancelled, as
 * asyncio's gathering future.
 *
 * <p>The values are read from the children once all have succeeded, into the one array the
 * result list is a view of (the children's own, for a gather confined to its loop): nothing is kept
 * per child while they run.
 */
final class Gather<T> extends Gathering<List<T>> {

    /** A gather of {@code children}, which it owns from now on (a fresh array, checked for nulls). */
    Gather(Object[] children) {
        super(children);
    }

    @Override
    public void onComplete(Task<?> child) {
        Throwable failure = child.failureOrNull(); // also marks a failure retrieved, as asyncio's callback does
        if (failure instanceof CancelledException) {
            if (failNotCancelling((CancelledException) failure)) {
                adoptLeftRunning();
            }
        } else if (failure != null) {
            if (failAs(child, failure)) {
                adoptLeftRunning();
            }
        } else {
            countDown();
        }
    }

    /**
     * The gather failed while children still run: asyncio's gather wrapped each coroutine in a task,
     * which goes on; so does each frame left running here, in a task of its own ({@link LoopTask#adopt}),
     * which the run's end cancels if nothing awaits it to its end. A failure's path only.
     */
    private void adoptLeftRunning() {
        LoopTask.adoptAll(Arrays.asList(children));
    }

    @Override
    List<T> gathered() {
        Object[] values = resultArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = ((Task<?>) children[i]).valueOrThrow();
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(values));
        return list;
    }

    @Override
    String waitsOn() {
        if (isResultInPlace()) {
            return "gather of " + children.length;
        }
        int done = 0;
        for (Object c : children) {
            if (((Task<?>) c).isDone()) {
                done++;
            }
        }
        return "gather of " + children.length + (done > 0 ? " (" + done + " done)" : "");
    }
}
