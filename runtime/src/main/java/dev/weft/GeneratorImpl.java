package dev.weft;

import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * {@link AsyncGenerator}: the consumer and the producer take turns, one value at a time.
 *
 * <pre>
 *   state     meaning                                        left by
 *   NEW       producer not started                           hasNext (RUNNING), close/throwInto (DONE)
 *   RUNNING   producer runs; ask (or closing) is pending     emit (YIELDED), producer ends (DONE)
 *   YIELDED   producer waits in emit; value ready or taken   hasNext after next(), throwInto, close (RUNNING)
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
    /** The producer's pending emit, while YIELDED. */
    private Waiter<Void> emitted;
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
                return resume(null);
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
    public Task<Boolean> throwInto(Throwable failure) {
        java.util.Objects.requireNonNull(failure, "failure");
        switch (state) {
            case YIELDED:
                return resume(failure);
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
        t.whenDone(this::finished);
        return a;
    }

    /** Lets the producer go on from its emit, with {@code failure} thrown there if not null. */
    private Task<Boolean> resume(Throwable failure) {
        state = RUNNING;
        value = null;
        Ask a = new Ask();
        ask = a;
        Waiter<Void> e = takeEmitted();
        if (failure == null) {
            e.complete(null);
        } else {
            e.fail(failure);
        }
        return a;
    }

    private Waiter<Void> takeEmitted() {
        Waiter<Void> e = emitted;
        emitted = null;
        return e;
    }

    private static IllegalStateException running(String what) {
        return new IllegalStateException(what + "(): the async generator is already running; await the pending hasNext() first");
    }

    // ---- producer --------------------------------------------------------------------------

    @Override
    public Task<Void> emit(T v) {
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
        Waiter<Void> e = new Emitted();
        emitted = e;
        Ask a = ask;
        ask = null;
        a.complete(Boolean.TRUE);
        return e;
    }

    private void finished(Task<?> t) {
        state = DONE;
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
    private static final class Emitted extends Waiter<Void> implements Handoff {
    }

    /** A pending hasNext or throwInto: an emit resumes the consumer within the producer's step. */
    private final class Ask extends Waiter<Boolean> implements Handoff {
        @Override
        void onCancelled() {
            if (ask == this) {
                ask = null;
            }
            cancelProducer(failureOrNull().getMessage());
        }
    }

    /** A pending close. */
    private final class Closing extends Waiter<Void> {
        @Override
        void onCancelled() {
            cancelProducer(failureOrNull().getMessage());
        }
    }
}
