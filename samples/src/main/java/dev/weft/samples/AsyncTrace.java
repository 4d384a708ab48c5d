package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.List;

/**
 * An async stack trace: {@code fetch} fails after its {@code sleep} suspended it, so when it throws,
 * the Java stack holds only the event loop below it. The trace the caught exception carries still
 * names the coroutines that awaited it, each at the line of its {@code await}: {@code loadAll}, run
 * as a task, and {@code main}, which awaits that task. The sample prints it down to {@code Weft.run}
 * (below come {@code Weft.run} and the {@code main} that called it).
 */
public final class AsyncTrace {
    @Async
    static Task<String> fetch(int id) {
        await(sleep(10));
        throw new IllegalStateException("order " + id + " not found");
    }

    @Async
    static Task<List<String>> loadAll() {
        return Task.of(List.of(await(fetch(1)), await(fetch(2))));
    }

    @Async
    static Task<Void> main() {
        Task<List<String>> orders = createTask(() -> loadAll(), "orders");
        try {
            System.out.println(await(orders));
        } catch (IllegalStateException e) {
            System.out.println(e);
            for (StackTraceElement frame : e.getStackTrace()) {
                if (frame.getClassName().equals(Weft.class.getName())) {
                    break;
                }
                System.out.println("\tat " + frame);
            }
        }
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(AsyncTrace::main);
    }
}
