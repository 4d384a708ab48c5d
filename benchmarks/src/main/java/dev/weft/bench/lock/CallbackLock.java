package dev.weft.bench.lock;

import dev.weft.bench.RunQueue;
import java.util.ArrayDeque;

/**
 * Hand-written callbacks: the lock is a flag and a FIFO queue of continuations; release hands it
 * to the first waiter through the loop. Each worker is a three-state machine (acquire, hold across
 * a trip through the loop, release).
 */
final class CallbackLock {
    private final RunQueue loop = new RunQueue();
    private final ArrayDeque<Runnable> waiters = new ArrayDeque<>();
    private boolean held;
    private int count;

    static int run(int workers, int rounds) {
        CallbackLock lock = new CallbackLock();
        for (int w = 0; w < workers; w++) {
            lock.loop.post(lock.new Worker(rounds)::next);
        }
        lock.loop.drain();
        return lock.count;
    }

    private void acquire(Runnable then) {
        if (held) {
            waiters.add(then);
        } else {
            held = true;
            then.run();
        }
    }

    private void release() {
        Runnable next = waiters.poll();
        if (next == null) {
            held = false;
        } else {
            loop.post(next);
        }
    }

    private final class Worker {
        private final Runnable hold = this::hold;
        private final Runnable resume = this::resume;
        private int left;
        private int seen;

        Worker(int rounds) {
            left = rounds;
        }

        void next() {
            if (left-- > 0) {
                acquire(hold);
            }
        }

        private void hold() {
            seen = count;
            loop.post(resume);
        }

        private void resume() {
            count = seen + 1;
            release();
            next();
        }
    }
}
