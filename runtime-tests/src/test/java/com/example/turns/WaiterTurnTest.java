package com.example.turns;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Waiter;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Waiter}'s turns, through the public API: a grant made in the waiter's turn (or for a
 * followed task that ended in its turn) goes on in that step; any other grant on the next turn.
 */
class WaiterTurnTest {
    private final List<String> log = new ArrayList<>();

    /** Grants in its turn, then logs: an awaiter that goes on in the turn logs first. */
    private final class Gate extends Waiter<String> {
        void open() {
            scheduleTurn();
        }

        boolean openNow() {
            return grant("opened");
        }

        @Override
        protected void onTurn() {
            grant("opened");
            log.add("turn went on");
        }
    }

    /** Follows a gate, and grants when it ends. */
    private final class Relay extends Waiter<String> {
        Relay(Task<String> gate) {
            follow(gate);
        }

        @Override
        protected void onFollowed(Task<?> gate) {
            grant("relayed");
            log.add("relay went on");
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
        Gate gate = new Gate();
        Task<Void> a = createTask(() -> awaiter("a", gate));
        await(sleep(0));
        gate.open();
        gate.open();                     // one turn, however often it is scheduled
        await(a);
        return Task.of(log);
    }

    @Test
    void aGrantInTheWaitersTurnResumesTheAwaiterWithinThatStep() {
        assertEquals(List.of("a waits", "a opened", "turn went on"), Weft.run(this::grantedInItsTurn));
    }

    @Async
    Task<List<String>> grantedElsewhere() {
        Gate gate = new Gate();
        Task<Void> a = createTask(() -> awaiter("a", gate));
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
        assertEquals(List.of("a waits", "callback went on", "a opened"), Weft.run(this::grantedElsewhere));
    }

    @Async
    Task<List<String>> relayedInTheTurn() {
        Gate gate = new Gate();
        Relay relay = new Relay(gate);
        Task<Void> a = createTask(() -> awaiter("a", relay));
        await(sleep(0));
        gate.open();
        await(a);
        return Task.of(log);
    }

    @Test
    void aGrantForAFollowedTaskThatEndedInItsTurnGoesOnInThatTurn() {
        assertEquals(List.of("a waits", "a relayed", "relay went on", "turn went on"),
                Weft.run(this::relayedInTheTurn));
    }
}
