package dev.weft;

import java.util.List;

/**
 * What a {@link TaskGroup} fails with: the exception of each child (and of its body) that failed, in
 * the order they failed, listed by {@link #exceptions()} and attached as suppressed exceptions so that a
 * stack trace shows them all (asyncio's {@code ExceptionGroup}). Cancellations are not failures and
 * are not listed.
 *
 * <pre>{@code
 * try {
 *     await(taskGroup(tg -> { tg.createTask(() -> a()); tg.createTask(() -> b()); return Task.done(); }));
 * } catch (TaskGroupException e) {
 *     for (Throwable t : e.exceptions()) log(t);
 * }
 * }</pre>
 */
public class TaskGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failures, in the order they happened. */
    private final List<Throwable> exceptions;

    /**
     * An exception listing {@code exceptions}, which are also added as suppressed.
     *
     * @param exceptions the failures, in the order they happened
     */
    public TaskGroupException(List<? extends Throwable> exceptions) {
        super("unhandled errors in a TaskGroup (" + exceptions.size()
                + (exceptions.size() == 1 ? " sub-exception)" : " sub-exceptions)"));
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    /**
     * The exceptions, in the order the tasks failed.
     *
     * @return the exceptions, unmodifiable
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
