package dev.weft.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads, reached reflectively: the module compiles at --release 11 (for EA Async) and
 * the suite also runs on JDK 17, where this contender is skipped.
 */
public final class VirtualThreads {
    private static final ThreadFactory FACTORY = factory();

    private VirtualThreads() {}

    public static boolean available() {
        return FACTORY != null;
    }

    /** Starts {@code body} on a new virtual thread. */
    public static Thread start(Runnable body) {
        if (FACTORY == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+, this is " + Runtime.version());
        }
        Thread t = FACTORY.newThread(body);
        t.start();
        return t;
    }

    public static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory factory() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builder));
            MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
            return (ThreadFactory) factory.invoke(ofVirtual.invoke());
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
