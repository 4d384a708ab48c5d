package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;

/** asyncio overview, "Tasks": two background tickers run for 5 s, then are cancelled. */
public final class BackgroundTasks {
    @Async
    static Task<Void> backgroundTask(String name, long intervalSeconds) {
        while (true) {
            System.out.println(name + ": tick");
            await(sleep(Duration.ofSeconds(intervalSeconds)));
        }
    }

    @Async
    static Task<Void> main() {
        Task<Void> task1 = createTask(() -> backgroundTask("A", 1));
        Task<Void> task2 = createTask(() -> backgroundTask("B", 2));
        await(sleep(Duration.ofSeconds(5))); // Let tasks run for 5 seconds
        task1.cancel();
        task2.cancel();
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(BackgroundTasks::main);
    }
}
