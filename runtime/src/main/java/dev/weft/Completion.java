package dev.weft;

/** Something told once when a task completes; may run on any thread that completes the task. */
interface Completion {
    void onComplete(Task<?> task);
}
