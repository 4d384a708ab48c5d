package dev.weft.io;

import dev.weft.internal.LoopSelector;

/**
 * A child process's pipe as a {@link Transport}: the JDK's pipe streams block, so a pump thread
 * ({@link PumpThreads}) moves its bytes, and the loop only hands chunks to it or takes them.
 */
abstract class PipeTransport extends Transport implements Runnable {
    private final String name;
    private Thread thread;

    PipeTransport(LoopSelector selector, int limit, int writeLimit, String name) {
        super(selector, limit, writeLimit);
        this.name = name;
    }

    /** Starts the pump, which runs {@link #run()} and then {@code onEnd}. */
    final void start(Runnable onEnd) {
        thread = PumpThreads.start(name, () -> {
            try {
                run();
            } finally {
                onEnd.run();
            }
        });
    }

    /** Ends the pump (from any thread): what it holds is dropped. */
    abstract void stop();

    /** Waits up to {@code millis} for the pump thread to end; returns whether it has. */
    final boolean join(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
            return !t.isAlive();
        }
        return true;
    }

    @Override
    public String toString() {
        return name;
    }
}
