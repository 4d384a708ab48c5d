package dev.weft;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One {@link Weft#toThread} / {@link Weft#runInExecutor} call: runs on a worker thread and
 * completes on the caller's loop, so that completion callbacks, like the resumed coroutine, run
 * there. Cancelling it completes it at once and interrupts the worker if the call is running.
 */
final class ThreadCall<T> extends Task<T> implements Runnable {
    private final EventLoop loop;
    private final Callable<? extends T> work;
    /** The worker running the call; guarded by this, so an interrupt never outlives the call. */
    private Thread runner;

    ThreadCall(EventLoop loop, Callable<? extends T> work) {
        this.loop = loop;
        this.work = work;
    }

    Task<T> submitTo(Executor executor) {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            fail(e);
        }
        return this;
    }

    @Override
    public void run() {
        if (isDone()) {
            return; // cancelled before it started
        }
        synchronized (this) {
            runner = Thread.currentThread();
        }
        try {
            T v = work.call();
            // Not callSoonThreadSafe, which throws once the loop is closed: work that outlives its
            // run (it ignored the cancellation's interrupt) must end quietly; its task was
            // cancelled with the run's tasks, or nobody awaits it.
            loop.enqueueThreadSafe(() -> complete(v));
        } catch (Throwable failure) {
            loop.enqueueThreadSafe(() -> fail(failure));
        } finally {
            synchronized (this) {
                runner = null;
            }
            Thread.interrupted(); // a cancel's interrupt must not leak into the pool's next call
        }
    }

    @Override
    String waitsOn() {
        boolean running;
        synchronized (this) {
            running = runner != null;
        }
        return "toThread work " + (running ? "running on a worker thread" : "not started yet (queued for a worker)");
    }

    @Override
    boolean waitsOffLoop() {
        return true;
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        synchronized (this) {
            if (runner != null) {
                runner.interrupt();
            }
        }
        return true;
    }
}
