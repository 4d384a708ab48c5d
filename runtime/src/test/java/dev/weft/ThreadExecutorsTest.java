package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** toThread runs on virtual threads where the JVM has them (21+), on a platform pool before. */
class ThreadExecutorsTest {
    @Test
    void toThreadUsesVirtualThreadsExactlyWhenTheJvmHasThem() throws Exception {
        boolean jvmHasThem = Runtime.version().feature() >= 21;
        assertEquals(jvmHasThem, ThreadExecutors.usesVirtualThreads());

        Thread loopThread = Thread.currentThread();
        Thread worker = Weft.run(() -> Weft.toThread(Thread::currentThread));
        assertNotSame(loopThread, worker);
        if (jvmHasThem) {
            Method isVirtual = Thread.class.getMethod("isVirtual");
            assertEquals(true, isVirtual.invoke(worker), "toThread ran on " + worker);
        } else {
            assertEquals(true, worker.isDaemon(), "the platform pool's threads are daemons: " + worker);
        }
    }
}
