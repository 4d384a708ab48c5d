package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ParallelOptions;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Server;
import dev.weft.io.Streams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A runParallel that ends while its server accepts: connections keep coming from another thread
 * while the loops cancel their tasks, stop and close, one after the other. Whatever the server
 * accepted then (registered with a loop that is closing, or handed a task that never runs) is
 * closed, and nothing is reported.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParallelShutdownTest {
    private static final int ROUNDS = 30;

    @Test
    void aRunParallelEndingWhileItsServerAcceptsLeavesNoDescriptorAndReportsNothing() throws Exception {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        ParallelOptions options = ParallelOptions.defaults().withLoops(4).withRunOptions(
                RunOptions.defaults().withReporter((m, e) -> reports.add(m + " | " + e)));
        round(options); // warm-up
        reports.clear();
        java.util.Map<String, Integer> before = LoopProbe.ioKinds();
        int connections = 0;
        for (int i = 0; i < ROUNDS; i++) {
            connections += round(options);
        }
        System.out.printf("[parallel-shutdown] %d runs ended while %,d connections came in%n", ROUNDS, connections);
        assertEquals(List.of(), reports.subList(0, Math.min(5, reports.size())), reports.size() + " reports, the first ones");
        LoopProbe.assertNoMoreSettled(before);
        assertTrue(connections > 0);
    }

    /** One run that ends while a thread connects without pause; returns how many connects succeeded. */
    private static int round(ParallelOptions options) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger connected = new AtomicInteger();
        int[] port = new int[1];
        Object portSet = new Object();
        Thread client = new Thread(() -> {
            synchronized (portSet) {
                while (port[0] == 0 && !stop.get()) {
                    try {
                        portSet.wait(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            while (!stop.get()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port[0]), 1_000);
                    connected.incrementAndGet();
                } catch (IOException e) {
                    return; // the server has closed
                }
            }
        });
        client.start();
        try {
            Weft.runParallel(() -> {
                Server s = await(Streams.startServer((r, w) -> r.read(1), "127.0.0.1", 0));
                synchronized (portSet) {
                    port[0] = s.port();
                    portSet.notifyAll();
                }
                await(sleep(5));
                return Task.done(); // the run ends with the server open and accepting
            }, options);
        } finally {
            stop.set(true);
            client.join(10_000);
        }
        return connected.get();
    }
}
