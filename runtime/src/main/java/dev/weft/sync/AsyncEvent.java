package dev.weft.sync;

import dev.weft.Task;

/**
 * A flag coroutines can wait for (asyncio {@code Event}): {@link #set()} wakes every waiter,
 * {@link #clear()} resets it.
 *
 * <pre>{@code
 * AsyncEvent ready = AsyncEvent.create();
 * Weft.createTask(() -> worker(ready));     // the worker does await(ready.waitSet())
 * ...
 * ready.set();                              // wakes it
 * }</pre>
 *
 * <p>Java cannot name the method {@code wait()} ({@link Object#wait()} is final), hence
 * {@link #waitSet()}. Loop-confined, like every primitive.
 */
public interface AsyncEvent {
    /**
     * A new event, not set.
     *
     * @return a new event, not set
     */
    static AsyncEvent create() {
        return new EventImpl();
    }

    /**
     * Whether the flag is set.
     *
     * @return true if the flag is set
     */
    boolean isSet();

    /** Sets the flag and wakes every waiter, in the order they started waiting. */
    void set();

    /** Clears the flag; later {@link #waitSet()} calls wait again. */
    void clear();

    /**
     * Waits until the flag is set: an already completed task (true) if it is set now, otherwise a
     * task that completes with true at the next {@link #set()}, even if the flag is cleared again
     * before the waiter resumes. <b>Cancellation:</b> a cancelled waiter simply stops waiting.
     *
     * @return a task with true, once the flag is set
     */
    Task<Boolean> waitSet();
}
