package dev.weft;

/**
 * The awaited task of a {@link Timeout} scope: ends as the body ends, except that the scope's own
 * expiry turns the body's cancellation into {@link AsyncTimeoutException}. Cancelling it cancels
 * the body (a foreign cancellation, which passes through).
 */
final class TimeoutTask<T> extends Task<T> implements Completion {
    private final Timeout scope;
    private final EventLoop loop;
    private Task<T> body;

    TimeoutTask(Timeout scope, EventLoop loop) {
        this.scope = scope;
        this.loop = loop;
    }

    void attach(Task<T> body) {
        this.body = body;
        scope.attach(body);
        body.addCompletion(this);
    }

    @Override
    public void onComplete(Task<?> done) {
        loop.onLoop(() -> {
            Throwable replacement = scope.exit(body.failureOrNull());
            if (replacement != null) {
                fail(replacement);
            } else {
                completeFrom(body);
            }
        });
    }

    @Override
    String waitsOn() {
        long when = scope.when();
        return when == Timeout.NEVER ? "timeout scope (no deadline)"
                : "timeout scope, " + TaskDump.left(when, loop.time()) + " (until " + TaskDump.seconds(when)
                + " on the loop clock)";
    }

    @Override
    java.util.Collection<? extends Task<?>> awaitedTasks() {
        Task<T> b = body;
        return b == null ? java.util.List.of() : java.util.List.of(b);
    }

    @Override
    public boolean cancel(String message) {
        return !isDone() && scope.cancelFromOutside(message);
    }
}
