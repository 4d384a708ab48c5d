package dev.weft;

import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * {@link AsyncGenerator}: the consumer and the producer take turns, one value at a time.
 *
 * <pre>
 *   state     meaning                                        left by
 *   NEW       producer not started                           hasNext/send (RUNNING), close/throwInto (DONE)
 *   RUNNING   producer runs; ask (or closing) is pending     emit (YIELDED), producer ends (DONE)
 *   YIELDED   producer waits in emit; value ready or taken   hasNext after next(), send, throwInto,
 *                                                            close (RUNNING)
 *   DONE      producer finished                              -
 * </pre>
 */
final class GeneratorImpl<T> implements AsyncGenerator<T>, Emitter<T> {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int YIELDED = 2;
    private static final int DONE = 3;

    private final Function<? super Emitter<T>, ? extends Task<?>> producer;
    private int state = NEW;
    /** The producer's task, once started. */
    private Task<?> body;
    /** The consumer's pending hasNext or throwInto, while RUNNING. */
    private Ask ask;
    /** The producer's pending emit, while YIELDED; completed with what the consumer sends. */
    private Waiter<Object> emitted;
    private T value;
    private boolean taken;
    /** The pending close, while the producer unwinds from its GeneratorClosedException. */
    private Closing closing;
    private boolean emittedAfterClose;

    GeneratorImpl(Function<? super Emitter<T>, ? extends Task<?>> producer) {
        this.producer = producer;
    }

    // ---- consumer --------------------------------------------------------------------------

    @Override
    public Task<Boolean> hasNext() {
        switch (state) {
            case NEW:
                return start();
            case YIELDED:
                if (!taken) {
                    return DoneTasks.TRUE;
                }
                return resume(null, null);
            case DONE:
                return DoneTasks.FALSE;
            default:
                return Task.failed(running("hasNext"));
        }
    }

    @Override
    public T next() {
        if (state != YIELDED || taken) {
            throw new NoSuchElementException("no value is ready: call next() once after each true await(hasNext())");
        }
        taken = true;
        T v = value;
        value = null;
        return v;
    }

    @Override
    public Task<Boolean> send(Object sent) {
        switch (state) {
            case NEW:
                return sent == null ? start()
                        : Task.failed(new IllegalStateException("can't send non-null value to a just-started async generator"));
            case YIELDED:
                return resume(sent, null);
            case DONE:
                return DoneTasks.FALSE;
            default:
                return Task.failed(running("send"));
        }
    }

    @Override
    public Task<Boolean> throwInto(Throwable failure) {
        java.util.Objects.requireNonNull(failure, "exception");
        switch (state) {
            case YIELDED:
                return resume(null, failure);
            case RUNNING:
                return Task.failed(running("throwInto"));
            default:
                state = DONE;
                return Task.failed(failure);
        }
    }

    @Override
    public Task<Void> close() {
        switch (state) {
            case NEW:
                state = DONE;
                return DoneTasks.nil();
            case YIELDED:
                closing = new Closing();
                state = RUNNING;
                value = null;
                takeEmitted().fail(new GeneratorClosedException());
                return closing;
            case RUNNING:
                return closing != null ? closing : Task.failed(running("close"));
            default:
                return closing != null ? closing : DoneTasks.nil();
        }
    }

    private Task<Boolean> start() {
        state = RUNNING;
        Ask a = new Ask();
        ask = a;
        Task<?> t;
        try {
            t = producer.apply(this);
            if (t == null) {
                throw new NullPointerException("the generator's producer returned null instead of a task");
            }
        } catch (Throwable failure) {
            t = Task.failed(failure);
        }
        body = t;
        // Told at once (not a done callback on the next turn): the consumer's ask ends with the producer.
        t.addCompletion(this::finished);
        if (!t.isDone()) {
            EventLoop l = EventLoop.current();
            if (l != null) {
                l.trackGenerator(this);
            }
        }
        return a;
    }

    /** Lets the producer go on from its emit, which returns {@code sent}, or throws {@code failure} if not null. */
    private Task<Boolean> resume(Object sent, Throwable failure) {
        state = RUNNING;
        value = null;
        Ask a = new Ask();
        ask = a;
        Waiter<Object> e = takeEmitted();
        if (failure == null) {
            e.complete(sent);
        } else {
            e.fail(failure);
        }
        return a;
    }

    private Waiter<Object> takeEmitted() {
        Waiter<Object> e = emitted;
        emitted = null;
        return e;
    }

    private static IllegalStateException running(String what) {
        return new IllegalStateException(what + "(): the async generator is already running; await the pending hasNext() first");
    }

    // ---- producer --------------------------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public <S> Task<S> emit(T v) {
        if (closing != null) {
            emittedAfterClose = true;
            return Task.failed(new GeneratorClosedException());
        }
        if (state != RUNNING || ask == null) {
            return Task.failed(new IllegalStateException(state == YIELDED
                    ? "emit() called again before the previous emit() was awaited"
                    : "emit() called outside the generator's producer run"));
        }
        state = YIELDED;
        value = v;
        taken = false;
        Waiter<Object> e = new Emitted();
        emitted = e;
        Ask a = ask;
        ask = null;
        a.complete(Boolean.TRUE);
        return (Task<S>) e; // the consumer's send decides what S really is, as documented
    }

    /** Whether the producer waits in an emit, for {@link Weft#run}'s closing of generators left so. */
    boolean isSuspended() {
        return state == YIELDED;
    }

    private void finished(Task<?> t) {
        state = DONE;
        EventLoop l = EventLoop.current();
        if (l != null) {
            l.untrackGenerator(this);
        }
        value = null;
        emitted = null;
        Throwable failure = t.failureOrNull();
        Ask a = ask;
        ask = null;
        if (a != null) {
            if (failure == null) {
                a.complete(Boolean.FALSE);
            } else {
                a.fail(failure);
            }
        }
        Closing c = closing;
        if (a == null && c == null && failure != null && !(failure instanceof CancelledException)
                && !(failure instanceof GeneratorClosedException)) {
            // The consumer's hasNext was cancelled (cancelling the producer), and then the producer
            // failed, in a finally block say: nobody awaits the producer any more, so report it.
            EventLoop.report(null, "Exception in an async generator's producer after its consumer had left", failure);
        }
        if (c != null) {
            if (emittedAfterClose) {
                c.fail(new IllegalStateException("the async generator caught GeneratorClosedException and emitted again"));
            } else if (failure == null || failure instanceof GeneratorClosedException) {
                c.complete(null);
            } else {
                c.fail(failure);
            }
        }
    }

    /** A consumer cancelled while the producer runs cancels the producer, as asyncio does. */
    private void cancelProducer(String message) {
        Task<?> b = body;
        if (b != null) {
            b.cancel(message);
        }
    }

    /** A pending emit: the consumer's next ask resumes the producer within the consumer's step. */
    private static final class Emitted extends Waiter<Object> implements Handoff {
        @Override
        protected String waitsOn() {
            return "an async generator's consumer (emit: the next value asked)";
        }

        Emitted() {
            super(null); // takes no turns and follows nothing: no loop to look up on every emit
        }
    }

    /**
     * A pending hasNext, send or throwInto: an emit resumes the consumer within the producer's step.
     * Cancelling it cancels the producer, and it ends with the producer (asyncio's generator runs in
     * the consumer's task, which ends once it unwound).
     */
    private final class Ask extends Waiter<Boolean> implements Handoff {
        @Override
        protected String waitsOn() {
            return "an async generator's next value";
        }

        Ask() {
            super(null); // takes no turns and follows nothing
        }

        @Override
        public boolean cancel(String message) {
            Task<?> b = body;
            if (!isDone() && ask == this && b != null && !b.isDone() && b.cancel(message)) {
                return true; // finished() completes this ask with the producer's outcome
            }
            return super.cancel(message);
        }

        @Override
        void onCancelled() {
            if (ask == this) {
                ask = null;
            }
        }
    }

    /** A pending close. */
    private final class Closing extends Waiter<Void> {
        Closing() {
            super(null); // takes no turns and follows nothing
        }

        @Override
        void onCancelled() {
            cancelProducer(failureOrNull().getMessage());
        }
    }
}
