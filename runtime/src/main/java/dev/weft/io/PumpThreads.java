package dev.weft.io;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the threads that move bytes between a child process's blocking pipes and the loop: a
 * virtual thread on JDK 21 and later (found by reflection: the runtime compiles for JDK 11), else a
 * daemon platform thread. Counts the pumps alive, for the tests that check none outlives its loop.
 *
 * <p>A virtual thread blocked in a pipe's read holds its carrier thread (file I/O pins it; the
 * scheduler adds carriers up to its maximum, 256 by default). So that many children at once
 * cannot take every carrier (and starve the pumps their progress depends on), pumps past
 * {@link #MAX_VIRTUAL} alive at once are platform threads.
 */
final class PumpThreads {
    /** {@code Thread.Builder.name(String)} and {@code unstarted(Runnable)} of {@code Thread.ofVirtual()}; null before 21. */
    private static final Method OF_VIRTUAL;
    private static final Method NAME;
    private static final Method UNSTARTED;
    private static final AtomicInteger LIVE = new AtomicInteger();
    /** The most pumps on virtual threads at once; the others are platform threads. */
    static final int MAX_VIRTUAL = 64;

    static {
        Method ofVirtual = null;
        Method name = null;
        Method unstarted = null;
        try {
            if (Runtime.version().feature() >= 21) { // a preview on 19 and 20: not used there
                ofVirtual = Thread.class.getMethod("ofVirtual");
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                name = builder.getMethod("name", String.class);
                unstarted = builder.getMethod("unstarted", Runnable.class);
            }
        } catch (ReflectiveOperationException e) {
            ofVirtual = null;
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        UNSTARTED = unstarted;
    }

    private PumpThreads() {
    }

    /** Starts {@code body} on a pump thread named {@code name}. */
    static Thread start(String name, Runnable body) {
        Runnable counted = () -> {
            try {
                body.run();
            } finally {
                LIVE.decrementAndGet();
            }
        };
        Thread t = LIVE.get() < MAX_VIRTUAL ? virtual(name, counted) : null;
        if (t == null) {
            t = new Thread(counted, name);
            t.setDaemon(true); // a pump must never keep the JVM alive
        }
        LIVE.incrementAndGet();
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            LIVE.decrementAndGet();
            throw e;
        }
        return t;
    }

    private static Thread virtual(String name, Runnable body) {
        if (OF_VIRTUAL == null) {
            return null;
        }
        try {
            Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), name);
            return (Thread) UNSTARTED.invoke(builder, body);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** For tests: how many pump threads run now. */
    static int live() {
        return LIVE.get();
    }

    /** For tests: whether pumps run on virtual threads. */
    static boolean isVirtual() {
        return OF_VIRTUAL != null;
    }
}
