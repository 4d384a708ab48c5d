package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The eventual result of an asynchronous computation: a value, a failure, or a cancellation.
 *
 * <pre>{@code
 * Task<String> t = fetch("users");      // an @Async method
 * String s = await(t);                  // inside another @Async method
 * Task<Integer> ready = Task.of(42);    // an already completed task
 * }</pre>
 *
 * <p>A task completes once; later attempts are ignored. Completion callbacks run on the thread that
 * completes the task; coroutines awaiting it are resumed on their own event loop.
 *
 * @param <T> the type of the value
 */
public class Task<T> {
    /** Stands for a {@code null} value, so that a null {@link #result} means "not done". */
    private static final Object NIL = new Object();
    /** Stands in {@link #waiters} once the completing thread took them: later callbacks run at once. */
    private static final Object TAKEN = new Object();

    private static final VarHandle RESULT;
    private static final VarHandle WAITERS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RESULT = lookup.findVarHandle(Task.class, "result", Object.class);
            WAITERS = lookup.findVarHandle(Task.class, "waiters", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** null while pending; then the value, {@link #NIL}, or a {@link Failure}. */
    private volatile Object result;
    /** null, one {@link Completion}, a {@link Waiters} list, or {@link #TAKEN}. */
    private volatile Object waiters;

    Task() {
    }

    // ---- factories ------------------------------------------------------------------------

    /** A task already completed with {@code value}. */
    public static <T> Task<T> of(T value) {
        Task<T> t = new Task<>();
        t.result = value == null ? NIL : value;
        t.waiters = TAKEN;
        return t;
    }

    /** A task already completed with no value ({@code null}), for {@code Task<Void>} methods. */
    public static <T> Task<T> done() {
        return of(null);
    }

    /** A task already failed with {@code failure}. */
    public static <T> Task<T> failed(Throwable failure) {
        Task<T> t = new Task<>();
        t.result = new Failure(Objects.requireNonNull(failure, "failure"));
        t.waiters = TAKEN;
        return t;
    }

    /**
     * A task that completes as {@code stage} completes. A {@link CompletionException} wrapper
     * is removed, so the task fails with the original exception.
     */
    public static <T> Task<T> from(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        if (stage instanceof CompletableFuture) {
            CompletableFuture<T> f = (CompletableFuture<T>) stage;
            if (f.isDone() && !f.isCompletedExceptionally()) {
                return of(f.join());
            }
        }
        Task<T> t = new Task<>();
        stage.whenComplete((v, e) -> {
            if (e == null) {
                t.complete(v);
            } else {
                t.fail(unwrap(e));
            }
        });
        return t;
    }

    /** A task that can be completed by hand, for bridging callback APIs. */
    public static <T> Promise<T> promise() {
        return new Promise<>();
    }

    // ---- state -----------------------------------------------------------------------------

    /** Whether the task has a value, a failure or was cancelled. */
    public final boolean isDone() {
        return result != null;
    }

    /** Whether the task was cancelled. */
    public final boolean isCancelled() {
        Object r = result;
        return r instanceof Failure && ((Failure) r).cause instanceof CancelledException;
    }

    /** Whether the task completed with a failure (a cancellation counts as one). */
    public final boolean isFailed() {
        return result instanceof Failure;
    }

    /**
     * The value of a done task.
     *
     * @throws IllegalStateException if the task is not done
     * @throws CancelledException if the task was cancelled
     * @throws CompletionException wrapping the failure, if the task failed
     */
    public final T result() {
        Object r = result;
        if (r == null) {
            throw new IllegalStateException("Task is not done yet; await it instead");
        }
        if (r instanceof Failure) {
            Throwable cause = ((Failure) r).cause;
            if (cause instanceof CancelledException) {
                throw (CancelledException) cause;
            }
            throw new CompletionException(cause);
        }
        return r == NIL ? null : castValue(r);
    }

    /**
     * The failure of a done task, or {@code null} if it has a value.
     *
     * @throws IllegalStateException if the task is not done
     * @throws CancelledException if the task was cancelled
     */
    public final Throwable exception() {
        Object r = result;
        if (r == null) {
            throw new IllegalStateException("Task is not done yet");
        }
        if (!(r instanceof Failure)) {
            return null;
        }
        Throwable cause = ((Failure) r).cause;
        if (cause instanceof CancelledException) {
            throw (CancelledException) cause;
        }
        return cause;
    }

    /**
     * Cancels the task: a pending task completes with {@link CancelledException}. Returns whether
     * this call cancelled it.
     */
    public boolean cancel() {
        return cancel(null);
    }

    /** Cancels the task with a message carried by its {@link CancelledException}. */
    public boolean cancel(String message) {
        return fail(message == null ? new CancelledException() : new CancelledException(message));
    }

    /** Runs {@code callback} once this task is done (at once if it is already done). */
    public final void whenDone(Consumer<? super Task<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        addCompletion(new CallbackCompletion<>(this, callback));
    }

    /**
     * A {@link CompletableFuture} that completes as this task does. Cancelling the future cancels
     * the task.
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> f = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                Task.this.cancel();
                return cancelled;
            }
        };
        addCompletion(t -> {
            Object r = result;
            if (r instanceof Failure) {
                f.completeExceptionally(((Failure) r).cause);
            } else {
                f.complete(r == NIL ? null : castValue(r));
            }
        });
        return f;
    }

    @Override
    public String toString() {
        Object r = result;
        String state = r == null ? "pending"
                : isCancelled() ? "cancelled"
                : r instanceof Failure ? "failed: " + ((Failure) r).cause
                : "done: " + (r == NIL ? null : r);
        return getClass().getSimpleName() + "[" + state + "]";
    }

    // ---- completion, for the runtime -------------------------------------------------------

    /** Completes with a value; false if the task was already done. */
    boolean complete(T value) {
        return settle(value == null ? NIL : value);
    }

    /** Completes with a failure; false if the task was already done. */
    boolean fail(Throwable failure) {
        return settle(new Failure(Objects.requireNonNull(failure, "failure")));
    }

    /** Completes this task as {@code other} completed. */
    final void completeFrom(Task<? extends T> other) {
        settle(other.result);
    }

    private boolean settle(Object outcome) {
        if (!RESULT.compareAndSet(this, null, outcome)) {
            return false;
        }
        Object w = WAITERS.getAndSet(this, TAKEN);
        if (w instanceof Completion) {
            ((Completion) w).onComplete(this);
        } else if (w instanceof Waiters) {
            for (Completion c : (Waiters) w) {
                c.onComplete(this);
            }
        }
        return true;
    }

    /** Registers {@code c} to be told of completion; tells it at once if the task is done. */
    final void addCompletion(Completion c) {
        for (;;) {
            Object w = waiters;
            if (w == TAKEN) {
                c.onComplete(this);
                return;
            }
            Object next;
            if (w == null) {
                next = c;
            } else if (w instanceof Completion) {
                Waiters list = new Waiters();
                list.add((Completion) w);
                list.add(c);
                next = list;
            } else {
                Waiters list = new Waiters((Waiters) w);
                list.add(c);
                next = list;
            }
            if (WAITERS.compareAndSet(this, w, next)) {
                return;
            }
        }
    }

    /** The value of a done task, or its failure thrown as it is (checked or not). */
    final T valueOrThrow() {
        Object r = result;
        if (r instanceof Failure) {
            throw Failure.sneaky(((Failure) r).cause);
        }
        return r == NIL ? null : castValue(r);
    }

    /** The failure of a done task, or null. */
    final Throwable failureOrNull() {
        Object r = result;
        return r instanceof Failure ? ((Failure) r).cause : null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T castValue(Object r) {
        return (T) r;
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** A copy-on-write list of completions; copied on each add so the completer can iterate freely. */
    private static final class Waiters extends ArrayList<Completion> {
        private static final long serialVersionUID = 1L;

        Waiters() {
            super(4);
        }

        Waiters(Waiters other) {
            super(other);
        }
    }

    private static final class CallbackCompletion<T> implements Completion {
        private final Task<T> task;
        private final Consumer<? super Task<T>> callback;

        CallbackCompletion(Task<T> task, Consumer<? super Task<T>> callback) {
            this.task = task;
            this.callback = callback;
        }

        @Override
        public void onComplete(Task<?> done) {
            callback.accept(task);
        }
    }
}
