package dev.weft;

/**
 * {@code waitFor} with a zero or negative timeout (asyncio 3.12+): a done task gives its outcome;
 * otherwise the task is cancelled, waited for, and its cancellation becomes
 * {@link AsyncTimeoutException} (a value it still produced is returned).
 */
final class WaitForNow {
    private WaitForNow() {
    }

    static <T> Task<T> of(EventLoop loop, Task<T> task) {
        if (task.isDone()) {
            return task;
        }
        Promise<T> result = new Promise<>();
        task.addCompletion(done -> loop.onLoop(() -> {
            Throwable f = task.failureOrNull();
            if (f instanceof CancelledException) {
                result.fail(new AsyncTimeoutException("Timeout expired", f));
            } else {
                result.completeFrom(task);
            }
        }));
        task.cancel();
        return result;
    }
}
