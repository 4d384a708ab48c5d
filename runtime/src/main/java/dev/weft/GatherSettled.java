package dev.weft;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The task of {@code gatherSettled}: done when every child is done, with every child's outcome in
 * argument order (asyncio {@code gather(return_exceptions=True)}). Cancelling it cancels the
 * children; once they are all done, whatever their outcomes, it then fails with a
 * {@link CancelledException}, not as cancelled, as asyncio's gathering future.
 */
final class GatherSettled<T> extends Gathering<List<Outcome<T>>> {

    /** A gather of {@code children}, which it owns from now on (a fresh array, checked for nulls). */
    GatherSettled(Object[] children) {
        super(children);
    }

    /** For the runtime's own use: the outcomes of {@code tasks} once they have all ended. */
    static <T> Task<List<Outcome<T>>> of(Collection<? extends Task<? extends T>> tasks) {
        return new GatherSettled<T>(ownCopy(tasks, "gatherSettled")).start();
    }

    @Override
    public void onComplete(Task<?> child) {
        countDown();
    }

    @Override
    List<Outcome<T>> gathered() {
        Object[] outcomes = resultArray();
        for (int i = 0; i < outcomes.length; i++) {
            @SuppressWarnings("unchecked")
            Task<? extends T> c = (Task<? extends T>) children[i];
            outcomes[i] = Outcome.of(c);
        }
        @SuppressWarnings("unchecked")
        List<Outcome<T>> list = (List<Outcome<T>>) (List<?>) Collections.unmodifiableList(Arrays.asList(outcomes));
        return list;
    }

    @Override
    String waitsOn() {
        return "gatherSettled of " + children.length;
    }
}
