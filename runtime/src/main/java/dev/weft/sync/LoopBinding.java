package dev.weft.sync;

import dev.weft.Loop;
import dev.weft.Weft;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Binds a loop-confined primitive (lock, event, queue...) to the first event loop that uses it, and
 * refuses every other loop afterwards (asyncio's {@code _LoopBoundMixin}: "is bound to a different
 * event loop"). The primitives are not thread-safe; under {@link Weft#runParallel} two loops are two
 * threads, so sharing one across loops would corrupt it silently. A clear exception is cheaper.
 *
 * <p>Calls from outside any loop are let through (setting a queue up before {@code Weft.run}).
 */
final class LoopBinding {
    private static final VarHandle LOOP;

    static {
        try {
            LOOP = MethodHandles.lookup().findVarHandle(LoopBinding.class, "loop", Loop.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Loop loop;

    /** The loop bound to, null before the first use on one. */
    Loop loop() {
        return loop;
    }

    /**
     * Throws if the running loop is not the one the {@code what} is bound to; binds it on first use.
     * Returns the running loop, null outside any.
     */
    Loop check(String what) {
        Loop current = Loop.current();
        if (current == null) {
            return null;
        }
        Loop bound = loop;
        if (bound == current) {
            return current;
        }
        // CAS: two loops racing on the first use must not both win.
        if (bound == null && LOOP.compareAndSet(this, null, current)) {
            return current;
        }
        throw new IllegalStateException(what + " is bound to a different event loop (" + loop + "): Weft's locks, events, queues,"
                + " semaphores, conditions and barriers are single-loop. Under Weft.runParallel, create the"
                + " tasks that share one with Weft.createLocalTask(...) so they run on the same loop");
    }
}
