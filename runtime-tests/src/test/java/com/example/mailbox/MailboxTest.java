package com.example.mailbox;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A primitive built on the public {@link dev.weft.Waiter} hook alone: its grant is never lost. */
class MailboxTest {
    private final Mailbox<String> box = new Mailbox<>();
    private final List<String> log = new ArrayList<>();

    @Async
    Task<String> taker(String name) {
        try {
            String item = await(box.take());
            log.add(name + " took " + item);
            return Task.of(item);
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            throw e;
        }
    }

    @Async
    Task<String> cancelledAfterTheGrant() {
        Task<String> a = createTask(() -> taker("a"));
        await(sleep(0));                 // a waits in take()
        box.put("x");                    // granted to a, which resumes on the next turn...
        assertTrue(a.cancel("stop"));    // ...but is cancelled before it does
        await(sleep(0));
        assertTrue(a.isCancelled());
        assertEquals(List.of("a cancelled"), log);
        Task<String> next = box.take();
        assertTrue(next.isDone(), "the item went back into the box");
        return next;
    }

    @Test
    void aGrantTheCancelledTakerNeverSawGoesBackIntoTheBox() {
        assertEquals("x", Weft.run(this::cancelledAfterTheGrant));
    }

    @Async
    Task<List<String>> handedOnToTheNextTaker() {
        Task<String> a = createTask(() -> taker("a"));
        await(sleep(0));
        box.put("x");                    // granted to a
        a.cancel();
        Task<String> b = createTask(() -> taker("b"));
        await(sleep(0));                 // a gives x back, in its turn, before b runs
        await(sleep(0));
        assertEquals("x", await(b));
        return Task.of(log);
    }

    @Test
    void aGrantGivenBackIsTakenByTheNextTaker() {
        assertEquals(List.of("a cancelled", "b took x"), Weft.run(this::handedOnToTheNextTaker));
    }

    @Async
    Task<String> cancelledWhileWaiting() {
        Task<String> a = createTask(() -> taker("a"));
        await(sleep(0));
        a.cancel();                      // before any grant: the waiter itself is cancelled
        await(sleep(0));
        assertTrue(a.isCancelled());
        box.put("y");                    // grant() returns false: the box keeps it
        assertEquals(List.of("a cancelled"), log);
        return box.take();
    }

    @Test
    void anItemPutAfterTheTakerWasCancelledStaysInTheBox() {
        assertEquals("y", Weft.run(this::cancelledWhileWaiting));
    }

    @Async
    Task<String> deliveredWhenNotCancelled() {
        Task<String> a = createTask(() -> taker("a"));
        await(sleep(0));
        box.put("z");
        String got = await(a);
        assertFalse(box.take().isDone(), "the box is empty again");
        return Task.of(got + " " + log);
    }

    @Test
    void aGrantIsDeliveredOnce() {
        assertEquals("z [a took z]", Weft.run(this::deliveredWhenNotCancelled));
    }
}
