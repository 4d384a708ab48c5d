package dev.weft;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of {@link Weft#toThread}: virtual threads when the JVM has them (21+, found
 * reflectively since the runtime is compiled for 11), else a bounded pool of daemon platform
 * threads, {@code min(32, cores + 4)} like Python's default executor, that shrinks when idle.
 */
final class ThreadExecutors {
    private ThreadExecutors() {
    }

    static ExecutorService shared() {
        return Holder.SHARED;
    }

    static boolean usesVirtualThreads() {
        return Holder.VIRTUAL;
    }

    private static final class Holder {
        static final ExecutorService SHARED;
        static final boolean VIRTUAL;

        static {
            ExecutorService virtual = virtualThreads();
            VIRTUAL = virtual != null;
            SHARED = virtual != null ? virtual : platformPool();
        }
    }

    private static ExecutorService virtualThreads() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // before Java 21 (or preview-only on 19/20)
        }
    }

    private static ExecutorService platformPool() {
        int threads = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "weft-to-thread-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
