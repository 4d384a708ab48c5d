package dev.weft;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Async stack traces: a failure that travels across awaits shows, in its own stack trace,
 *
 * <pre>
 *   the throw site      the real frames from the throw down to the failing coroutine's method
 *   the awaiters        one element per coroutine that rethrew it at an await, at that await's line,
 *                       innermost first (at most {@link #MAX_AWAITERS})
 *   below the loop      the frames from Weft.run down (the caller's main)
 * </pre>
 *
 * The trace is rewritten where a failure is rethrown at an await (a hop), never on the success path.
 * Each task's {@link Failure} keeps the chain of awaiters it ended with ({@link Link}, immutable, shared
 * by the chains that branch from it), and a hop extends the chain of the awaited task's failure: so
 * an exception awaited by two tasks shows the chain of the one that rethrew it last, never a mix of
 * both, and awaiting the same failure again (a retry loop) does not grow it. What the exception looked
 * like before its first hop ({@link Origin}) is kept once per exception, in a weak map.
 *
 * <p>A {@link CancelledException} made by {@code cancel()} has no trace of its own: the await where it is
 * delivered is its throw site. Any other exception without a stack trace is left alone. Off with
 * {@code -Dweft.asyncStackTraces=false} (read at each failure, so a test may switch it).
 */
final class AsyncTraces {
    /** The most awaiters a trace shows: the innermost ones (the JVM cuts deep stacks the same way). */
    static final int MAX_AWAITERS = 1024;
    /** The system property that turns async stack traces off ({@code false}). */
    static final String SWITCH = "weft.asyncStackTraces";

    private static final ThreadLocal<Hop> LAST_HOP = ThreadLocal.withInitial(Hop::new);
    private static final Origins ORIGINS = new Origins();
    private static final StackTraceElement[] NONE = new StackTraceElement[0];
    /** The woven method that awaits: a few frames up. */
    private static final StackWalker CALLER = StackWalker.getInstance(Set.of(), 16);
    /** With reflection's frames, as Throwable's traces have them (so that a cause's "... n more" counts right). */
    private static final StackWalker BELOW = StackWalker.getInstance(Set.of(StackWalker.Option.SHOW_REFLECT_FRAMES), 64);
    /** This thread's loop and the frames below it ({@link #belowHere}). */
    private static final ThreadLocal<Object[]> BELOW_LOOP = ThreadLocal.withInitial(() -> new Object[2]);

    private AsyncTraces() {
    }

    static boolean enabled() {
        return !"false".equals(System.getProperty(SWITCH));
    }

    // ---- links and origins -------------------------------------------------------------------

    /** An exception's trace before its first hop, split into its throw site and what lies below the loop. */
    static final class Origin {
        final StackTraceElement[] throwSite;
        final StackTraceElement[] below;
        /** The chain with no awaiter yet. */
        final Link root = new Link(this, null, null, 0);
        /** The chain the exception's trace shows now (null: its own); a hop that shows it again sets nothing. */
        volatile Link shown;

        Origin(StackTraceElement[] throwSite, StackTraceElement[] below) {
            this.throwSite = throwSite;
            this.below = below;
        }
    }

    /** A chain of awaiters, outermost last: this one's await site after those of {@link #inner}. */
    static final class Link {
        final Origin origin;
        final Link inner;
        final StackTraceElement site;
        /** How many awaiters the chain holds. */
        final int depth;

        Link(Origin origin, Link inner, StackTraceElement site, int depth) {
            this.origin = origin;
            this.inner = inner;
            this.site = site;
            this.depth = depth;
        }

        /** This chain with one more awaiter, or this chain itself once it is full. */
        Link then(StackTraceElement awaitSite) {
            return depth >= MAX_AWAITERS ? this : new Link(origin, this, awaitSite, depth + 1);
        }

        StackTraceElement[] render() {
            StackTraceElement[] top = origin.throwSite;
            StackTraceElement[] below = origin.below;
            StackTraceElement[] out = new StackTraceElement[top.length + depth + below.length];
            System.arraycopy(top, 0, out, 0, top.length);
            for (Link l = this; l.depth > 0; l = l.inner) {
                out[top.length + l.depth - 1] = l.site;
            }
            System.arraycopy(below, 0, out, top.length + depth, below.length);
            return out;
        }

        /** Makes {@code e}'s trace show this chain. */
        void show(Throwable e) {
            if (origin.shown != this) {
                e.setStackTrace(render());
                origin.shown = this;
            }
        }
    }

    /** The last hop on this thread, so that the failure it leads to (its frame's, a gather's) goes on from it. */
    private static final class Hop {
        /** Held weakly: a thread (a pooled one, a loop's after its run) must not keep the last exception it rethrew alive. */
        WeakReference<Throwable> failure;
        Link link;
        /** The hopping method, {@code pkg.Owner.method}. */
        String method;
    }

    // ---- what the runtime calls ----------------------------------------------------------------

    /**
     * The chain a new failure with {@code cause} goes on from: the last hop's on this thread if it
     * rethrew the same exception (in {@code method}, when given), else null.
     */
    static Link continued(Throwable cause, String method) {
        Hop h = LAST_HOP.get();
        if (h.failure == null || h.failure.get() != cause || method != null && !method.equals(h.method)) {
            return null;
        }
        return h.link;
    }

    /**
     * Sets the chain of {@code f}, a coroutine's failure thrown by the body of {@code method}: the last
     * hop's if the body rethrew it; else the body threw it, and the first hop finds its throw site
     * ({@code method}'s frame), so that a failure no await rethrows costs nothing more.
     */
    static void ofBody(Failure f, String method) {
        try {
            ofBodyUnguarded(f, method);
        } catch (RuntimeException | Error e) {
            // never instead of the user's exception: traces are a help, not a duty
        }
    }

    private static void ofBodyUnguarded(Failure f, String method) {
        if (!enabled()) {
            return;
        }
        f.trace = continued(f.cause, method);
        if (f.trace == null) {
            f.thrower = method;
        }
    }

    /** Like {@link #ofBody} for a coroutine that failed before its first suspension: the calling woven method's. */
    static void ofEagerBody(Failure f) {
        try {
            ofEagerBodyUnguarded(f);
        } catch (RuntimeException | Error e) {
            // never instead of the user's exception: traces are a help, not a duty
        }
    }

    private static void ofEagerBodyUnguarded(Failure f) {
        if (!enabled()) {
            return;
        }
        StackWalker.StackFrame c = caller();
        if (c != null) {
            String method = c.getClassName() + "." + c.getMethodName();
            ofBody(f, method);
            if (f.trace == null) {
                // now, while the stack still tells: a gather that fails with it knows no thrower
                Origin o = originOf(f.cause, method, null);
                f.trace = o == null ? null : o.root;
            }
        }
    }

    /**
     * A failure rethrown at an await of the woven {@code method} at {@code site}: its trace shows the
     * awaited task's chain and this await. Returns {@code failure}.
     */
    static Throwable rethrown(Task<?> awaited, Throwable failure, StackTraceElement site, String method) {
        try {
            return rethrownUnguarded(awaited, failure, site, method);
        } catch (RuntimeException | Error e) {
            return failure; // never instead of the user's exception: traces are a help, not a duty
        }
    }

    private static Throwable rethrownUnguarded(Task<?> awaited, Throwable failure, StackTraceElement site, String method) {
        if (!enabled()) {
            return failure;
        }
        Failure f = awaited == null ? null : awaited.failureRecord();
        Link base = f != null && f.cause == failure ? f.trace : null;
        Link link;
        if (base != null) {
            link = base.then(site);
        } else {
            Origin o = originOf(failure, f != null && f.cause == failure ? f.thrower : null, site);
            if (o == null) {
                return failure;
            }
            // a cancellation delivered here has this await as its throw site already
            link = o.throwSite.length == 1 && o.throwSite[0] == site ? o.root : o.root.then(site);
        }
        hop(failure, link, method);
        return failure;
    }

    /** Like {@link #rethrown} where the awaited task was done already: the caller, a woven method, is the awaiter. */
    static Throwable rethrownInline(Task<?> awaited, Throwable failure) {
        if (!enabled()) {
            return failure;
        }
        StackWalker.StackFrame f = caller();
        if (f == null) {
            return failure;
        }
        return rethrown(awaited, failure, f.toStackTraceElement(), f.getClassName() + "." + f.getMethodName());
    }

    /**
     * Remembers where an exception a woven method failed with before its first suspension was thrown
     * (its task is a future that holds no chain): a later hop starts from there.
     */
    static void thrownEagerly(Throwable failure) {
        try {
            thrownEagerlyUnguarded(failure);
        } catch (RuntimeException | Error e) {
            // never instead of the user's exception: traces are a help, not a duty
        }
    }

    private static void thrownEagerlyUnguarded(Throwable failure) {
        if (enabled()) {
            StackWalker.StackFrame f = caller();
            if (f != null) {
                originOf(failure, f.getClassName() + "." + f.getMethodName(), null);
            }
        }
    }

    /** A cancellation delivered at {@code site} of the woven {@code method}: its trace starts there. */
    static CancelledException delivered(CancelledException c, StackTraceElement site, String method) {
        rethrown(null, c, site, method);
        return c;
    }

    /**
     * The main task of {@code runParallel} failed with {@code f}: its loops ran on threads of their own,
     * so the frames below its trace are the caller's, from {@code Weft.runParallel} down (on its thread).
     */
    static void reachedCaller(Failure f) {
        try {
            reachedCallerUnguarded(f);
        } catch (RuntimeException | Error e) {
            // never instead of the user's exception: traces are a help, not a duty
        }
    }

    private static void reachedCallerUnguarded(Failure f) {
        if (f == null || f.trace == null || f.trace.origin.below.length > 0 || !enabled()) {
            return;
        }
        StackTraceElement[] below = belowHere();
        StackTraceElement[] shown = f.trace.render();
        StackTraceElement[] out = Arrays.copyOf(shown, shown.length + below.length);
        System.arraycopy(below, 0, out, shown.length, below.length);
        f.cause.setStackTrace(out);
        f.trace.origin.shown = null; // shows more than its chain now: a later hop renders again
    }

    private static void hop(Throwable failure, Link link, String method) {
        Hop h = LAST_HOP.get();
        h.failure = new WeakReference<>(failure);
        h.link = link;
        h.method = method;
        link.show(failure);
    }

    /** The first frame outside the runtime's own classes: the woven method that awaits. */
    private static StackWalker.StackFrame caller() {
        return CALLER.walk(s -> s
                .dropWhile(f -> isRuntime(f.getClassName()))
                .findFirst()).orElse(null);
    }

    // ---- origins ----------------------------------------------------------------------------

    /**
     * What {@code e} looked like before its first hop: found, or made now from its trace (the throw
     * site down to {@code method}'s frame, or down to the loop's machinery when not given), or for a
     * cancellation without a trace, its delivery at {@code site}. Null if it has no trace to rewrite.
     */
    static Origin originOf(Throwable e, String method, StackTraceElement site) {
        if (e instanceof CancelledException && site != null && e.getStackTrace().length == 0) {
            // delivered here: each cancellation its own, which its failures carry on (not kept in the
            // map: a loop's shutdown cancels every task, and each comes through here)
            return new Origin(new StackTraceElement[] {site}, belowHere());
        }
        Origin o = ORIGINS.get(e);
        if (o != null) {
            return o;
        }
        StackTraceElement[] st = e.getStackTrace();
        if (st.length == 0) {
            return null; // no writable stack trace, or one its owner emptied: left alone
        }
        return ORIGINS.putIfAbsent(e, new Origin(throwSite(st, method), below(st)));
    }

    /** The frames from the throw down to {@code method}'s, or down to the first of the loop's. */
    static StackTraceElement[] throwSite(StackTraceElement[] st, String method) {
        if (method != null) {
            for (int i = 0; i < st.length; i++) {
                StackTraceElement s = st[i];
                String cn = s.getClassName();
                if (method.length() == cn.length() + 1 + s.getMethodName().length() && method.startsWith(cn)
                        && method.charAt(cn.length()) == '.' && method.endsWith(s.getMethodName())) {
                    return Arrays.copyOf(st, i + 1);
                }
            }
        }
        int i = 0;
        while (i < st.length && !isRuntime(st[i].getClassName())) {
            i++;
        }
        return Arrays.copyOf(st, i);
    }

    /** The frames from {@code Weft.run} down, or none if the trace has none (a thread's of its own). */
    static StackTraceElement[] below(StackTraceElement[] st) {
        for (int i = 0; i < st.length; i++) {
            if (isRunEntry(st[i].getClassName())) {
                while (i + 1 < st.length && isRunEntry(st[i + 1].getClassName())) {
                    i++; // Weft.run(main) calls Weft.run(main, options): the outer one stands for both
                }
                return Arrays.copyOfRange(st, i, st.length);
            }
        }
        return belowHere();
    }

    /**
     * The frames of this thread from {@code Weft.run} down, or none if it runs no loop of Weft.run;
     * kept per loop, whose thread stays in them while it runs (a loop's shutdown cancels every task).
     */
    static StackTraceElement[] belowHere() {
        EventLoop loop = EventLoop.current();
        Object[] kept = BELOW_LOOP.get();
        if (loop != null && kept[0] != null && ((WeakReference<?>) kept[0]).get() == loop) {
            return (StackTraceElement[]) kept[1];
        }
        StackTraceElement[] below = walkBelow();
        if (loop != null) {
            kept[0] = new WeakReference<>(loop); // not keeping a finished loop alive
            kept[1] = below;
        }
        return below;
    }

    private static StackTraceElement[] walkBelow() {
        List<StackTraceElement> frames = BELOW.walk(s -> s
                .dropWhile(f -> !isRunEntry(f.getClassName()))
                .map(StackWalker.StackFrame::toStackTraceElement)
                .collect(Collectors.toList()));
        int skip = 0;
        while (skip + 1 < frames.size() && isRunEntry(frames.get(skip + 1).getClassName())) {
            skip++;
        }
        return frames.isEmpty() ? NONE : frames.subList(skip, frames.size()).toArray(NONE);
    }

    private static boolean isRunEntry(String className) {
        return className.equals("dev.weft.Weft");
    }

    /**
     * Whether a class is the runtime's own (packages {@code dev.weft}, {@code dev.weft.internal},
     * {@code dev.weft.io}, {@code dev.weft.sync}) or a frame class of the weaver's.
     */
    static boolean isRuntime(String className) {
        if (className.contains("$weft$")) {
            return true;
        }
        if (!className.startsWith("dev.weft.")) {
            return false;
        }
        int start = "dev.weft.".length();
        int dot = className.indexOf('.', start);
        if (dot < 0) {
            return true;
        }
        if (className.indexOf('.', dot + 1) >= 0) {
            return false;
        }
        String sub = className.substring(start, dot);
        return sub.equals("internal") || sub.equals("io") || sub.equals("sync");
    }

    /** Exceptions to their origins, held weakly: an origin lives as long as its exception. */
    private static final class Origins {
        private final HashMap<Key, Origin> map = new HashMap<>();

        synchronized Origin get(Throwable e) {
            return map.isEmpty() ? null : map.get(new Key(e));
        }

        synchronized Origin putIfAbsent(Throwable e, Origin o) {
            Key k = new Key(e);
            Origin had = map.putIfAbsent(k, o);
            if (had != null) {
                return had;
            }
            // removed once the exception is collected, on the cleaner's thread: a map drained only by
            // later failures kept the origins of a burst of failures (their traces) after the run ended
            DebugState.cleaner().register(e, () -> remove(k));
            return o;
        }

        private synchronized void remove(Key k) {
            map.remove(k);
        }

        /** An exception's identity, held weakly. */
        private static final class Key extends WeakReference<Throwable> {
            private final int hash;

            Key(Throwable e) {
                super(e);
                hash = System.identityHashCode(e);
            }

            @Override
            public int hashCode() {
                return hash;
            }

            @Override
            public boolean equals(Object o) {
                if (this == o) {
                    return true;
                }
                if (!(o instanceof Key)) {
                    return false;
                }
                Throwable e = get();
                return e != null && e == ((Key) o).get();
            }
        }
    }
}
