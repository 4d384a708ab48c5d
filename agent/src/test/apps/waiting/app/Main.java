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

/**
 * Woven by the build (no agent): two tasks that wait, one on a sleep and one on an event, while the
 * test runs {@code java -jar weft-agent.jar tasks <pid>} against this JVM; then {@link Control}
 * answers the test's questions on stdin and ends the program at end of input.
 */
public class Main {
    public static void main(String[] args) {
        Weft.run(() -> new Main().both());
    }

    @Async
    Task<Void> both() {
        AsyncEvent never = AsyncEvent.create();
        Task<Void> sleeper = createTask(() -> nap(), "sleeper");
        Task<Void> waiter = createTask(() -> hold(never), "waiter");
        await(sleep(10));  // both tasks reach their awaits first
        Control.start();
        await(gather(sleeper, waiter));
        return Task.done();
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
