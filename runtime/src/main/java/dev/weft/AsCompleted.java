package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The tasks of {@code asCompleted}: the i-th ends as the i-th of the given tasks to end, with its
 * outcome; a task given twice is followed once. After the timeout, those not yet ended fail with {@link AsyncTimeoutException}.
 */
final class AsCompleted<T> {
    private final EventLoop loop;
    private final List<Promise<T>> slots = new ArrayList<>();
    private int next;
    private Handle timer;

    private AsCompleted(EventLoop loop, int n) {
        this.loop = loop;
        for (int i = 0; i < n; i++) {
            slots.add(new Promise<>());
        }
    }

    /** {@code given} may hold a task twice: it is followed once (asyncio's {@code set(fs)}). */
    static <T> List<Task<T>> of(EventLoop loop, Collection<? extends Task<T>> given, Duration timeout) {
        List<Task<T>> tasks = new ArrayList<>(new LinkedHashSet<>(given)); // tasks are equal only to themselves
        AsCompleted<T> a = new AsCompleted<>(loop, tasks.size());
        if (timeout != null && !tasks.isEmpty()) {
            a.timer = loop.callLater(timeout, a::expire);
        }
        for (Task<T> t : tasks) {
            t.addCompletion(done -> loop.onLoop(() -> a.arrived(t)));
        }
        return new ArrayList<>(a.slots);
    }

    private void arrived(Task<T> done) {
        if (next == slots.size()) {
            return; // timed out already
        }
        slots.get(next++).completeFrom(done);
        if (next == slots.size() && timer != null) {
            timer.cancel();
        }
    }

    private void expire() {
        while (next < slots.size()) {
            slots.get(next++).fail(new AsyncTimeoutException("asCompleted timed out"));
        }
    }
}
