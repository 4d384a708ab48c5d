package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collection;

/**
 * A task that waits for every one of its children (asyncio's gathering future): the common part of
 * {@link Gather} and {@link GatherSettled}. It is itself the one {@link Completion} registered on
 * each child, so waiting costs nothing per child beyond the registration; a child listed twice is
 * registered twice and counted twice, as asyncio repeats its value. Cancelling it cancels the
 * children not done yet; once they have all ended it then fails with a {@link CancelledException}
 * even if they swallowed the cancellation (bpo-32684), not as cancelled.
 *
 * @param <R> the type of the gathered result
 */
abstract class Gathering<R> extends Task<R> implements Completion {
    private static final VarHandle PENDING;
    /** Stands for a {@code cancel(null)} in {@link #cancelRequest}. */
    private static final Object NO_MESSAGE = new Object();

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(Gathering.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The children in argument order; owned (a copy of what the caller passed, an {@code Object[]}).
     * Once they all ended, a gather confined to its loop puts its result's elements in their place
     * ({@link #resultArray}): the result list is a view of this array, and no second one is made.
     */
    final Object[] children;
    /**
     * The loop every child is confined to, if the gather was made on that loop's thread, else null
     * (set in {@link #start}, before the gather is handed out): while that loop is open, every child
     * is heard of on its thread alone, so the count is a plain one there, and a {@link #cancel} from
     * another thread is sent there.
     */
    private volatile EventLoop loop;
    /** Whether {@link #children} holds the result's elements now, not the children. */
    private volatile boolean resultInPlace;
    /** Registrations not yet told of a success (a failure does not count down: the end then never comes). */
    private volatile int pending;
    /** Null, or the request of {@link #cancel}: its message, or {@link #NO_MESSAGE}. */
    private volatile Object cancelRequest;

    Gathering(Object[] children) {
        this.children = children;
        this.pending = children.length;
    }

    /** Registers on every child; a child done already is heard of at once. Done at once without children. */
    final Gathering<R> start() {
        if (children.length == 0) {
            complete(gathered());
            return this;
        }
        // One pass over the children, not a pass to decide and one to register: a gather of many
        // fresh tasks is bound by memory. The count is a plain one while every child registered so
        // far is confined to this loop (those done already counted down here, on this thread); the
        // first child that is not switches it to an atomic one before it registers, as it may end
        // on another thread, and its registration publishes the switch to that thread.
        EventLoop here = EventLoop.current();
        loop = here;
        boolean confined = here != null;
        for (Object o : children) {
            Task<?> c = (Task<?>) o;
            if (confined && !c.isConfinedTo(here)) {
                confined = false;
                loop = null;
            }
            c.addCompletion(this);
        }
        return this;
    }

    /**
     * Counts down one child that ended in a way that does not end the gather itself; the last one
     * ends it: with the gathered result, or, if it was cancelled meanwhile, with a cancellation.
     */
    final void countDown() {
        EventLoop l = loop;
        if (l != null && l.isConfining()) {
            int left = pending - 1; // every count is on this thread while the loop is open
            PENDING.setRelease(this, left);
            if (left != 0) {
                return;
            }
        } else if ((int) PENDING.getAndAdd(this, -1) != 1) {
            // The decrement publishes what this child did to whichever thread sees the count reach zero.
            return;
        }
        Object request = cancelRequest;
        if (request != null) {
            // asyncio (bpo-32684): a cancelled gather fails even if its children swallowed the cancellation.
            failNotCancelling(new CancelledException(request == NO_MESSAGE ? null : (String) request));
        } else {
            complete(gathered());
        }
    }

    /** The result once every child ended (they are all done): read from the children in argument order. */
    abstract R gathered();

    /**
     * The array for the result's elements, which {@link #gathered} fills in argument order, reading
     * each child before it writes its slot: the children's own array when the gather is confined to
     * this loop (nothing else reads it now: a {@link #cancel} from another thread goes to the loop, and
     * {@link #awaitedTasks} knows), else a new one.
     */
    final Object[] resultArray() {
        EventLoop l = loop;
        if (l != null && l.isConfining()) {
            resultInPlace = true;
            return children;
        }
        return new Object[children.length];
    }

    /** Whether {@link #children} holds the result's elements, not the children. */
    final boolean isResultInPlace() {
        return resultInPlace;
    }

    @Override
    java.util.Collection<? extends Task<?>> awaitedTasks() {
        if (resultInPlace) {
            return java.util.List.of();
        }
        @SuppressWarnings("unchecked")
        java.util.List<Task<?>> tasks = (java.util.List<Task<?>>) (java.util.List<?>) Arrays.asList(children);
        return tasks;
    }

    @Override
    public final boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        EventLoop l = loop;
        if (l != null && !l.inLoopThread()) {
            // the children's array may become the result's on that loop's thread: read it there
            if (l.handOver(() -> cancel(message))) {
                return true;
            }
            if (resultInPlace || isDone()) {
                return false; // the loop closed after it ended the gather
            }
        }
        // Set first: a child may end (and be the last) inside its own cancel().
        cancelRequest = message == null ? NO_MESSAGE : message;
        boolean any = false;
        for (Object c : children) {
            any |= ((Task<?>) c).cancel(message);
        }
        if (!any) {
            cancelRequest = null;
        }
        return any;
    }

    /** The tasks of a collection as an array of this gather's own, refusing a null one with {@code what}'s name. */
    static Object[] ownCopy(Collection<? extends Task<?>> tasks, String what) {
        Object[] a = tasks.toArray();
        return checked(a.getClass() == Object[].class ? a : Arrays.copyOf(a, a.length, Object[].class), what);
    }

    /** The tasks given as an array, as an array of this gather's own ({@link #ownCopy}). */
    static Object[] ownCopy(Task<?>[] tasks, String what) {
        return checked(Arrays.copyOf(tasks, tasks.length, Object[].class), what);
    }

    /** {@code tasks}, checked for nulls and other objects; say {@code what} refused one. */
    private static Object[] checked(Object[] tasks, String what) {
        for (Object t : tasks) {
            if (t == null) {
                throw new NullPointerException(what + "() of a null task");
            }
            if (!(t instanceof Task)) {
                throw new ClassCastException(what + "() of a " + t.getClass().getName() + ", which is not a Task");
            }
        }
        return tasks;
    }
}
