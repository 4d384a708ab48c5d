package dev.weft.sync;

import dev.weft.Task;

/** Shared completed tasks for the fast paths of the primitives: done tasks are immutable. */
final class DoneTasks {
    static final Task<Boolean> TRUE = Task.of(Boolean.TRUE);
    static final Task<Void> VOID = Task.of(null);

    private DoneTasks() {
    }

    @SuppressWarnings("unchecked")
    static <T> Task<T> nil() {
        return (Task<T>) VOID;
    }
}
