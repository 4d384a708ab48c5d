package dev.weft;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The task of {@code wait}: ends when {@link ReturnWhen} is met or the timeout passes, with the
 * done and pending sets. It never cancels the tasks it watches; cancelling it only stops the wait.
 */
final class WaitTask<T> extends Task<WaitResult<T>> {
    private final EventLoop loop;
    private final List<Task<T>> tasks;
    private final ReturnWhen when;
    private int pending;
    private Handle timer;

    WaitTask(EventLoop loop, List<Task<T>> tasks, ReturnWhen when) {
        this.loop = loop;
        this.tasks = new ArrayList<>(tasks);
        this.when = when;
        this.pending = tasks.size();
    }

    WaitTask<T> start(long timeoutNanos) {
        if (timeoutNanos >= 0) {
            timer = loop.callLater(java.time.Duration.ofNanos(timeoutNanos), this::finish);
        }
        for (Task<T> t : tasks) {
            t.addCompletion(done -> loop.onLoop(() -> childDone(done)));
        }
        return this;
    }

    private void childDone(Task<?> child) {
        pending--;
        boolean failed = child.isFailed();
        if (pending == 0 || when == ReturnWhen.FIRST_COMPLETED || when == ReturnWhen.FIRST_EXCEPTION && failed) {
            finish();
        }
    }

    private void finish() {
        if (isDone()) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        Set<Task<T>> done = new LinkedHashSet<>();
        Set<Task<T>> notDone = new LinkedHashSet<>();
        for (Task<T> t : tasks) {
            (t.isDone() ? done : notDone).add(t);
        }
        complete(new WaitResult<>(done, notDone));
    }

    @Override
    String waitsOn() {
        return "wait (" + when + ") for " + tasks.size() + (timer != null ? ", with a timeout" : "");
    }

    @Override
    java.util.Collection<? extends Task<?>> awaitedTasks() {
        return tasks;
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        if (timer != null) {
            timer.cancel();
        }
        return true;
    }
}
