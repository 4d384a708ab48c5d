package dev.weft;

import java.util.Collections;
import java.util.Set;

/**
 * What {@link Weft#waitTasks} returns: the tasks that are done and those still pending, each set in the
 * order the tasks were given.
 *
 * <pre>{@code
 * WaitResult<String> r = await(Weft.waitTasks(List.of(a, b), ReturnWhen.FIRST_COMPLETED));
 * for (Task<String> t : r.pending()) t.cancel();
 * }</pre>
 *
 * @param <T> the type of the tasks' results
 */
public final class WaitResult<T> {
    private final Set<Task<T>> done;
    private final Set<Task<T>> pending;

    WaitResult(Set<Task<T>> done, Set<Task<T>> pending) {
        this.done = Collections.unmodifiableSet(done);
        this.pending = Collections.unmodifiableSet(pending);
    }

    /**
     * The tasks that are done.
     *
     * @return the done tasks, unmodifiable
     */
    public Set<Task<T>> done() {
        return done;
    }

    /**
     * The tasks that are not done.
     *
     * @return the pending tasks, unmodifiable
     */
    public Set<Task<T>> pending() {
        return pending;
    }

    @Override
    public String toString() {
        return "WaitResult[done=" + done + ", pending=" + pending + "]";
    }
}
