package dev.weft.bench.lock;

import dev.weft.bench.VirtualThreads;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blocking code on virtual threads (one carrier, set by the benchmark's fork): a fair
 * {@link ReentrantLock}, first come first served like the coroutine locks, held across
 * {@link Thread#yield()}.
 */
final class ThreadLock {
    private final ReentrantLock lock = new ReentrantLock(true);
    private int count;

    static int run(int workers, int rounds) {
        ThreadLock l = new ThreadLock();
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            threads[w] = VirtualThreads.start(() -> l.work(rounds));
        }
        for (Thread t : threads) {
            VirtualThreads.join(t);
        }
        return l.count;
    }

    private void work(int rounds) {
        for (int i = 0; i < rounds; i++) {
            lock.lock();
            try {
                int seen = count;
                Thread.yield();
                count = seen + 1;
            } finally {
                lock.unlock();
            }
        }
    }
}
