package com.example.turns;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.BareWaiter;
import dev.weft.CancelledException;
import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BareWaiter} through the public API, as a library would use it: the turnstile of its class
 * comment. Its turns behave as a {@code Waiter}'s (a grant in the turn goes on in that step), with
 * the loop given by the primitive.
 */
@Timeout(30)
class BareWaiterTest {
    private final List<String> log = new ArrayList<>();

    /** The class comment's example, with a log. */
    private final class Turnstile {
        private final Loop loop = Weft.loop();
        private final ArrayDeque<Pass> waiting = new ArrayDeque<>();
        private final List<String> undelivered = new ArrayList<>();

        Task<String> pass() {
            Pass p = new Pass();
            waiting.add(p);
            return p;
        }

        void open() {
            Pass p = waiting.poll();
            if (p != null) {
                p.wake();
            }
        }

        /** Grants outside any turn: the awaiter goes on at the next turn. */
        boolean openNow() {
            return waiting.poll().give("let through");
        }

        private final class Pass extends BareWaiter<String> {
            void wake() {
                scheduleTurn(loop);
            }

            boolean give(String value) {
                return grant(value);
            }

            @Override
            protected void onTurn() {
                grant("let through");
                log.add("turn went on");
            }

            @Override
            protected void onUndelivered(String value) {
                undelivered.add(value);
            }

            @Override
            protected String waitsOn() {
                return "a turnstile (" + awaitingTask().name() + ")";
            }
        }
    }

    @Async
    Task<Void> awaiter(String name, Task<String> t) {
        log.add(name + " waits");
        log.add(name + " " + await(t));
        return Task.done();
    }

    @Async
    Task<List<String>> grantedInItsTurn() {
        Turnstile gate = new Turnstile();
        Task<String> pass = gate.pass();
        Task<Void> a = createTask(() -> awaiter("a", pass), "a");
        await(sleep(0));
        String dump = dumpOf(a);
        assertTrue(dump.contains("waits on a turnstile (a)"), dump);
        gate.open();
        await(a);
        return Task.of(log);
    }

    @Test
    void aGrantInTheTurnResumesTheAwaiterWithinThatStep() {
        assertEquals(List.of("a waits", "a let through", "turn went on"), Weft.run(this::grantedInItsTurn));
    }

    @Async
    Task<List<String>> grantedElsewhere() {
        Turnstile gate = new Turnstile();
        Task<String> pass = gate.pass();
        Task<Void> a = createTask(() -> awaiter("a", pass));
        await(sleep(0));
        Weft.loop().callSoon(() -> {
            gate.openNow();
            log.add("callback went on");
        });
        await(a);
        return Task.of(log);
    }

    @Test
    void aGrantOutsideAnyTurnResumesTheAwaiterOnTheNextTurn() {
        assertEquals(List.of("a waits", "callback went on", "a let through"), Weft.run(this::grantedElsewhere));
    }

    @Async
    Task<List<String>> grantedThenCancelled() {
        Turnstile gate = new Turnstile();
        Task<String> pass = gate.pass();
        Task<Void> a = createTask(() -> awaiter("a", pass));
        await(sleep(0));
        assertTrue(gate.openNow());
        a.cancel("too late"); // granted, but a has not resumed yet
        try {
            await(a);
            throw new AssertionError("a was not cancelled");
        } catch (CancelledException e) {
            assertEquals("too late", e.getMessage());
        }
        assertTrue(pass.isDone());
        assertEquals("let through", pass.result());
        return Task.of(gate.undelivered);
    }

    @Test
    void aValueGrantedToACoroutineCancelledBeforeItResumedGoesBack() {
        assertEquals(List.of("let through"), Weft.run(this::grantedThenCancelled));
    }

    @Test
    void withoutALoopATurnRunsAtOnce() {
        List<String> turns = new ArrayList<>();
        BareWaiter<String> w = new BareWaiter<>() {
            {
                scheduleTurn(null);
            }

            @Override
            protected void onTurn() {
                turns.add("turn");
                grant("done");
            }
        };
        assertEquals(List.of("turn"), turns);
        assertEquals("done", w.result());
    }

    @Test
    void aTurnOnAForeignLoopIsRefused() {
        Loop foreign = (Loop) Proxy.newProxyInstance(Loop.class.getClassLoader(), new Class<?>[] {Loop.class},
                (proxy, method, args) -> method.getName().equals("toString") ? "a foreign loop" : null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BareWaiter<String>() {
            {
                scheduleTurn(foreign);
            }
        });
        assertEquals("not a Weft event loop: a foreign loop", e.getMessage());
    }

    @Test
    void aGrantOnItsLoopCompletesOnce() {
        final class Once extends BareWaiter<String> {
            boolean give(String v) {
                return grantOnLoop(v);
            }
        }
        Once w = new Once();
        assertTrue(w.give("first"));
        assertFalse(w.give("second"));
        assertEquals("first", w.result());
        assertFalse(w.cancel());
    }

    @Test
    void aBareWaiterHasNoFieldsAndOffersOnlyItsHooks() {
        assertEquals(0, java.util.Arrays.stream(BareWaiter.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())).count());
        TreeSet<String> declared = new TreeSet<>();
        for (Method m : BareWaiter.class.getDeclaredMethods()) {
            int mod = m.getModifiers();
            if ((Modifier.isPublic(mod) || Modifier.isProtected(mod)) && !m.isSynthetic()) {
                declared.add((Modifier.isPublic(mod) ? "public " : "protected ") + m.getName());
            }
        }
        assertEquals(List.of("protected awaitingTask", "protected grant", "protected grantOnLoop", "protected onTurn",
                "protected onUndelivered", "protected refuse", "protected scheduleTurn", "protected waitsOn"),
                List.copyOf(declared));
        assertFalse(Runnable.class.isAssignableFrom(BareWaiter.class), "a BareWaiter is a Runnable");
        assertEquals(Task.class, BareWaiter.class.getSuperclass());
    }

    private static String dumpOf(Task<?> t) {
        StringBuilder out = new StringBuilder();
        t.dump(out);
        return out.toString();
    }
}
