package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What another thread hands over to a loop for the loop-confined state of one of its tasks (an
 * added waiter, a gather's child heard of) is never dropped: it runs on a later turn, or in the
 * loop's close() if the loop closes first; once closed, the loop refuses it and the caller runs it.
 */
@Timeout(30)
class HandOverTest {
    @Test
    void aHandOverStillQueuedWhenTheLoopClosesRunsInItsCloseAndIsNotReported() throws Exception {
        List<String> reported = Collections.synchronizedList(new ArrayList<>());
        EventLoop loop = new EventLoop(Thread.currentThread(), RunOptions.defaults().withReporter((m, e) -> reported.add(m)));
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        boolean[] accepted = new boolean[1];
        Thread other = new Thread(() -> accepted[0] = loop.handOver(() -> ranOn.set(Thread.currentThread())));
        other.start();
        other.join();
        assertTrue(accepted[0], "an open loop takes it");
        assertEquals(null, ranOn.get(), "not run on the thread that handed it over");
        loop.close(); // no turn ran: close() finds it in the inbox
        assertSame(Thread.currentThread(), ranOn.get(), "run by close(), on the loop's thread");
        assertEquals(List.of(), reported, "and not reported as a dropped callback");
    }

    @Test
    void aClosedLoopRefusesAHandOverSoThatTheCallerRunsIt() {
        EventLoop loop = new EventLoop(Thread.currentThread(), RunOptions.defaults());
        loop.close();
        boolean[] ran = new boolean[1];
        assertFalse(loop.handOver(() -> ran[0] = true));
        assertFalse(ran[0], "refused, not run");
        assertTrue(loop.isClosed());
    }
}
