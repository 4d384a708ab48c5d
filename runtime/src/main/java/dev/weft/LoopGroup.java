package dev.weft;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The parallel scheduler behind {@link Weft#runParallel}: N event loops, each on its own thread
 * (Netty's {@code EventLoopGroup}, kotlinx's {@code Dispatchers.Default} with loop affinity).
 *
 * <p>A task lives on the loop it was started on: every resume goes through that loop's inbox, so its
 * code never runs on two threads. New tasks go to the loops in <b>round-robin</b> order: O(1), one
 * atomic increment, and even for the many-similar-tasks workloads a parallel scheduler is for.
 * "Least loaded" would have to read the other loops' queues (racy, and it herds every creator onto
 * the same momentarily idle loop); a task's load is unknown when it is created anyway.
 *
 * <p>Lifecycle, driven by the calling thread (which is not a loop): start the threads, start the
 * main task on loop 0, wait for it; then every loop cancels its leftover tasks, and all loops keep
 * running until every loop's leftovers ended (a leftover may wait for a task on another loop);
 * then the loops stop and their threads are joined.
 */
final class LoopGroup {
    private final EventLoop[] loops;
    private final Thread[] threads;
    /** Starts at 1: loop 0 has the main task, so the first task it creates goes elsewhere. */
    private final AtomicInteger nextLoop = new AtomicInteger(1);
    /** Turns with progress on any loop, counted while stall reports are on: progress anywhere is no stall. */
    private final java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();

    LoopGroup(int size, RunOptions options) {
        loops = new EventLoop[size];
        threads = new Thread[size];
        AtomicInteger taskNames = new AtomicInteger();
        for (int i = 0; i < size; i++) {
            EventLoop[] ref = loops;
            int index = i;
            threads[i] = new Thread(() -> ref[index].runUntilStopped(), "weft-loop-" + i);
            // Daemon: should the caller die before joining them, they must not keep the JVM alive.
            threads[i].setDaemon(true);
            loops[i] = new EventLoop(threads[i], options, this, taskNames);
        }
    }

    /** Counts a turn with progress on one of the loops; returns the new count. */
    long progressed() {
        return progress.incrementAndGet();
    }

    /** The count of turns with progress on any loop. */
    long progress() {
        return progress.get();
    }

    /** The loop for the next new task. */
    EventLoop next() {
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    /** Runs {@code main} on loop 0 and returns its value or throws its failure, as {@link Weft#run}. */
    <T> T run(Supplier<? extends Task<T>> main) {
        for (Thread t : threads) {
            t.start();
        }
        LoopTask<T> task;
        try {
            task = new LoopTask<>(loops[0], main, null);
            CountDownLatch done = new CountDownLatch(1);
            task.addCompletion(t -> done.countDown());
            awaitUninterruptibly(done, task);
        } finally {
            shutDown();
        }
        AsyncTraces.reachedCaller(task.failureRecord());
        return task.valueOrThrow();
    }

    private void shutDown() {
        try {
            CountDownLatch cleaned = new CountDownLatch(loops.length);
            for (EventLoop loop : loops) {
                loop.enqueueThreadSafe(() -> loop.startCancellingRemainingTasks()
                        .addCompletion(t -> cleaned.countDown()));
            }
            awaitUninterruptibly(cleaned, null);
        } finally {
            for (EventLoop loop : loops) {
                loop.stop();
            }
            boolean interrupted = false;
            for (int i = 0; i < threads.length; i++) {
                for (;;) {
                    try {
                        threads[i].join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                loops[i].close();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits for {@code latch}; an interrupt of the calling thread cancels {@code onInterrupt} (the
     * main task: the program is asked to stop) and the wait goes on, since returning before the
     * loops are done would leak them. The interrupt status is restored afterwards.
     */
    private static void awaitUninterruptibly(CountDownLatch latch, Task<?> onInterrupt) {
        boolean interrupted = false;
        for (;;) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                if (onInterrupt != null) {
                    onInterrupt.cancel("Weft.runParallel() was interrupted");
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The loops, in order; not to be changed. */
    EventLoop[] loops() {
        return loops;
    }

    int size() {
        return loops.length;
    }
}
