package app;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncEvent;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Woven by the build (no agent): two tasks that wait, one on a sleep and one on an event, while the
 * test runs {@code java -jar weft-agent.jar tasks <pid>} against this JVM; then {@link Control}
 * answers the test's questions on stdin and ends the program at end of input. With the argument
 * {@code blocked}, the main task blocks the loop's thread instead of awaiting them.
 */
public class Main {
    public static void main(String[] args) {
        boolean blocked = args.length > 0 && args[0].equals("blocked");
        Weft.run(() -> new Main().both(blocked));
    }

    @Async
    Task<Void> both(boolean blocked) {
        AsyncEvent never = AsyncEvent.create();
        Task<Void> sleeper = createTask(() -> nap(), "sleeper");
        Task<Void> waiter = createTask(() -> hold(never), "waiter");
        await(sleep(10));  // both tasks reach their awaits first
        Control.start();
        if (blocked) {
            blockTheLoop();
        }
        await(gather(sleeper, waiter));
        return Task.done();
    }

    /** The pitfall on purpose: a blocking wait on the loop's thread, for something that never comes. */
    private static void blockTheLoop() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Async
    Task<Void> nap() {
        await(sleep(Duration.ofHours(1)));
        return Task.done();
    }

    @Async
    Task<Void> hold(AsyncEvent event) {
        await(event.waitSet());
        return Task.done();
    }
}
