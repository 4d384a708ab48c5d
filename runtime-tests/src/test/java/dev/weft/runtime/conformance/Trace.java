package dev.weft.runtime.conformance;

import dev.weft.AsyncTimeoutException;
import dev.weft.BarrierBrokenException;
import dev.weft.CancelledException;
import dev.weft.LoopClock;
import dev.weft.GeneratorClosedException;
import dev.weft.Outcome;
import dev.weft.QueueEmptyException;
import dev.weft.QueueFullException;
import dev.weft.QueueShutDownException;
import dev.weft.TaskGroupException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The trace a twin writes, line for line what {@code harness.py} writes for the CPython scenario:
 * {@code t=<virtual ms> <parts joined by spaces>}, exceptions by their neutral names.
 */
final class Trace {
    private static List<String> lines = new ArrayList<>();
    private static LoopClock clock = () -> 0;

    private Trace() {
    }

    /** Starts a new trace read against {@code virtualClock}. */
    static List<String> start(LoopClock virtualClock) {
        lines = new ArrayList<>();
        clock = virtualClock;
        return lines;
    }

    /** Appends {@code t=<now> parts...}; may be called from any thread. */
    static void log(Object... parts) {
        StringBuilder b = new StringBuilder("t=").append(clock.nanoTime() / 1_000_000);
        for (Object p : parts) {
            b.append(' ').append(fmt(p));
        }
        synchronized (Trace.class) {
            lines.add(b.toString());
        }
    }

    static String fmt(Object v) {
        if (v instanceof Throwable) {
            return describe((Throwable) v);
        }
        if (v instanceof Outcome<?>) {
            Outcome<?> o = (Outcome<?>) v;
            return o.isSuccess() ? fmt(o.result()) : describe(o.isCancelled() ? cancellation(o) : o.exception());
        }
        if (v instanceof List<?>) {
            return ((List<?>) v).stream().map(Trace::fmt).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }

    /** The cancellation of a cancelled outcome, which {@link Outcome#exception()} throws as {@code Task.exception()} does. */
    private static CancelledException cancellation(Outcome<?> cancelled) {
        try {
            cancelled.exception();
        } catch (CancelledException c) {
            return c;
        }
        throw new IllegalStateException("not cancelled: " + cancelled);
    }

    /** The neutral name of an exception, the words {@code harness.describe} uses for asyncio's. */
    static String describe(Throwable e) {
        if (e instanceof GeneratorClosedException) {
            return "generator-exit";
        }
        if (e instanceof CancelledException) {
            String m = e.getMessage();
            return m == null || m.isEmpty() ? "cancelled" : "cancelled(" + m + ")";
        }
        if (e instanceof TaskGroupException) {
            return ((TaskGroupException) e).exceptions().stream().map(Trace::describe)
                    .collect(Collectors.joining(", ", "group[", "]"));
        }
        if (e instanceof Boom) {
            return "Boom(" + e.getMessage() + ")";
        }
        if (e instanceof AsyncTimeoutException) {
            return "timeout";
        }
        if (e instanceof QueueEmptyException) {
            return "QueueEmpty";
        }
        if (e instanceof QueueFullException) {
            return "QueueFull";
        }
        if (e instanceof QueueShutDownException) {
            return "QueueShutDown";
        }
        if (e instanceof BarrierBrokenException) {
            return "BrokenBarrier";
        }
        if (e instanceof NoSuchElementException) {
            return "stop";
        }
        if (e instanceof IllegalStateException) {
            return "state";
        }
        if (e instanceof IllegalArgumentException) {
            return "value";
        }
        return e.getClass().getSimpleName();
    }
}
