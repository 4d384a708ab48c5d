package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.waitFor;
import static dev.weft.runtime.Turns.turns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Datagram;
import dev.weft.io.DatagramEndpoint;
import dev.weft.io.Datagrams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A task cancelled in a receive gets CancelledException there, and no datagram is lost. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatagramCancellationTest extends DatagramTestSupport {

    @Async
    private static <T> Task<T> awaitIt(Task<T> task) {
        return Task.of(await(task));
    }

    @Async
    private static Task<String> outcome(Task<?> task) {
        try {
            await(task);
            return Task.of("completed");
        } catch (CancelledException e) {
            return Task.of("cancelled");
        }
    }

    private static String text(Datagram d) {
        return ascii(d.data());
    }

    @Test
    void aReceiveCancelledWhileItWaitsTakesNothing() {
        List<String> log = Weft.run(() -> {
            DatagramEndpoint a = await(Datagrams.open(onLoopback()));
            DatagramEndpoint b = await(Datagrams.open(onLoopback()));
            List<String> out = new ArrayList<>();
            Task<Datagram> t = createTask(() -> b.receive());
            await(turns(2));
            assertFalse(t.isDone());
            t.cancel();
            out.add(await(outcome(t)));
            a.send(ascii("one"), b.localAddress());
            out.add(text(await(b.receive())));
            await(a.close());
            await(b.close());
            return Task.of(out);
        });
        assertEquals(List.of("cancelled", "one"), log);
    }

    /**
     * The receive was granted its datagram, but the task awaiting it is cancelled in the same turn
     * before it resumes (from a done callback, which runs first): the waiter's onUndelivered gives
     * the datagram back, in front of those that came after it.
     */
    @Test
    void aDatagramGrantedToATaskCancelledBeforeItResumedGoesBack() {
        List<String> log = Weft.run(() -> {
            DatagramEndpoint a = await(Datagrams.open(onLoopback()));
            DatagramEndpoint b = await(Datagrams.open(onLoopback()));
            List<String> out = new ArrayList<>();
            Task<Datagram> r = b.receive();
            assertFalse(r.isDone());
            Task<Datagram> t = createTask(() -> awaitIt(r));
            r.whenDone(done -> t.cancel());
            await(turns(1)); // t awaits r
            a.send(ascii("one"), b.localAddress());
            out.add(await(outcome(t)));
            out.add("granted " + text(r.result()));
            a.send(ascii("two"), b.localAddress());
            out.add("again " + text(await(b.receive())));
            out.add("then " + text(await(b.receive())));
            await(a.close());
            await(b.close());
            return Task.of(out);
        });
        assertEquals(List.of("cancelled", "granted one", "again one", "then two"), log);
    }

    /**
     * A receive started after the grant, before the cancelled task gave the datagram back, waits
     * for the socket: the datagram given back must reach it (nothing more comes).
     */
    @Test
    void aDatagramGivenBackReachesAReceiveWaitingSinceTheGrant() {
        String got = Weft.run(() -> {
            DatagramEndpoint a = await(Datagrams.open(onLoopback()));
            DatagramEndpoint b = await(Datagrams.open(onLoopback()));
            Task<Datagram> r = b.receive();
            Task<Datagram> t = createTask(() -> awaitIt(r));
            AtomicReference<Task<Datagram>> next = new AtomicReference<>();
            r.whenDone(done -> {
                t.cancel();
                next.set(b.receive()); // the socket is empty now: this receive waits
            });
            await(turns(1));
            a.send(ascii("one"), b.localAddress());
            assertEquals("cancelled", await(outcome(t)));
            Datagram d = await(waitFor(next.get(), Duration.ofSeconds(5)));
            await(a.close());
            await(b.close());
            return Task.of(text(d));
        });
        assertEquals("one", got);
    }

    @Test
    void aReceiveCancelledFromAnotherThreadLosesNothing() {
        List<String> log = Weft.run(() -> {
            DatagramEndpoint a = await(Datagrams.open(onLoopback()));
            DatagramEndpoint b = await(Datagrams.open(onLoopback()));
            List<String> out = new ArrayList<>();
            Task<Datagram> t = createTask(() -> b.receive());
            await(turns(2));
            await(Weft.toThread(() -> t.cancel()));
            out.add(await(outcome(t)));
            a.send(ascii("one"), b.localAddress());
            a.send(ascii("two"), b.localAddress());
            out.add(text(await(b.receive())));
            out.add(text(await(b.receive())));
            await(a.close());
            await(b.close());
            return Task.of(out);
        });
        assertEquals(List.of("cancelled", "one", "two"), log);
    }

    /** waitFor cancels the receive when it times out: a datagram that comes later is the next receive's. */
    @Test
    void aTimedOutReceiveLeavesTheNextDatagramForTheNextReceive() {
        List<String> log = Weft.run(() -> {
            DatagramEndpoint a = await(Datagrams.open(onLoopback()));
            DatagramEndpoint b = await(Datagrams.open(onLoopback()));
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                try {
                    await(waitFor(b.receive(), Duration.ofMillis(20)));
                    out.add("received?");
                } catch (AsyncTimeoutException e) {
                    out.add("timed out");
                }
            }
            a.send(ascii("late"), b.localAddress());
            out.add(text(await(waitFor(b.receive(), Duration.ofSeconds(5)))));
            await(a.close());
            await(b.close());
            return Task.of(out);
        });
        assertEquals(List.of("timed out", "timed out", "timed out", "late"), log);
    }

    @Test
    void aSecondReceiveWhileOneWaitsThrows() {
        String message = Weft.run(() -> {
            DatagramEndpoint a = await(Datagrams.open(onLoopback()));
            DatagramEndpoint b = await(Datagrams.open(onLoopback()));
            Task<Datagram> first = b.receive();
            IllegalStateException e = assertThrows(IllegalStateException.class, b::receive);
            a.send(ascii("one"), b.localAddress());
            assertEquals("one", text(await(first)));
            await(a.close());
            await(b.close());
            return Task.of(e.getMessage());
        });
        assertEquals("receive() called while another coroutine is already waiting for a datagram", message);
    }
}
