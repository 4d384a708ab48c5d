package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;

/**
 * asyncio overview, "Common Pitfalls": don't call {@code asyncio.run()} inside async code, use
 * {@code await} instead. {@code Weft.run} inside a running loop throws an
 * {@link IllegalStateException} that says so; {@code await} gives the value.
 */
public final class RunInLoop {
    @Async
    static Task<Integer> answer() {
        await(sleep(100));
        return Task.of(42);
    }

    @Async
    static Task<Void> main() {
        try {
            Weft.run(RunInLoop::answer);                      // wrong: a loop is already running here
        } catch (IllegalStateException e) {
            System.out.println("Weft.run(...) inside async code: " + e.getMessage());
        }
        int answer = await(answer());                          // right
        System.out.println("await(answer()) = " + answer);
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(RunInLoop::main);
    }
}
