package dev.weft;

/**
 * The task of {@code shield}: ends as the inner task ends, but cancelling it does not cancel the
 * inner task, which keeps running (asyncio {@code shield}). A coroutine frame given to it becomes
 * the coroutine of a task of its own ({@link LoopTask#adopt}), as asyncio's shield wraps a
 * coroutine in a task: it goes on once the shield is cancelled, and the run's end cancels it.
 */
final class Shield<T> extends Task<T> implements Completion {
    private final Task<T> inner;

    private Shield(Task<T> inner) {
        this.inner = inner;
    }

    static <T> Task<T> of(Task<T> inner) {
        if (inner.isDone()) {
            return inner;
        }
        LoopTask.adopt(inner);
        Shield<T> s = new Shield<>(inner);
        inner.addCompletion(s);
        return s;
    }

    @Override
    String waitsOn() {
        return "shield";
    }

    @Override
    java.util.Collection<? extends Task<?>> awaitedTasks() {
        return java.util.List.of(inner);
    }

    @Override
    public void onComplete(Task<?> done) {
        completeFrom(inner); // a no-op if the shield was cancelled: the inner outcome counts as retrieved
    }
}
