package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.waitFor;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.LoopClock;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.Permit;
import java.time.Duration;

/**
 * A pitfall and how to find it: two tasks take the same two locks in opposite orders, so each
 * ends up holding one and waiting for the other's, forever. Nothing fails and nothing is logged:
 * the program just stops making progress. {@link RunOptions#withStallReport} notices that no task
 * made progress for a second and prints a task dump, which names the lock each task waits for and
 * the task that holds it. The main task gives up after five seconds; its timeout cancels both
 * tasks, and the program ends cleanly. (A virtual clock makes the run instant and its output exact.)
 */
public final class Deadlock {
    static final AsyncLock accounts = AsyncLock.create();
    static final AsyncLock ledger = AsyncLock.create();

    @Async
    static Task<Void> transfer(AsyncLock first, AsyncLock second) {
        try (Permit one = await(first.acquire())) {
            await(sleep(10));                                  // meanwhile, the other task takes its first lock
            try (Permit two = await(second.acquire())) {       // WRONG: each waits for the lock the other holds
                System.out.println(Weft.currentTask().name() + " moved the money");
            }
        }
        return Task.done();
    }

    @Async
    static Task<Void> main() {
        Task<Void> alice = createTask(() -> transfer(accounts, ledger), "alice");
        Task<Void> bob = createTask(() -> transfer(ledger, accounts), "bob");   // the opposite order
        try {
            await(waitFor(gather(alice, bob), Duration.ofSeconds(5)));
        } catch (AsyncTimeoutException e) {
            System.out.println("Gave up after 5 s: alice cancelled: " + alice.isCancelled()
                    + ", bob cancelled: " + bob.isCancelled());
        }
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(Deadlock::main, RunOptions.defaults()
                .withClock(LoopClock.virtual())
                .withStallReport(Duration.ofSeconds(1))
                .withReporter((message, error) -> System.out.println(message)));
    }
}
