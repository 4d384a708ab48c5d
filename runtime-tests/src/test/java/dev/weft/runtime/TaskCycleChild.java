package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;

/**
 * The child of {@code TaskCycleTest}: two tasks await each other (a deadlock nothing can end), the
 * main task cancels one and prints what cancel() returned, then the process exits: the run itself
 * would wait for the deadlocked tasks forever, as asyncio's does.
 */
public final class TaskCycleChild {
    static Task<Void> a;
    static Task<Void> b;

    @Async
    static Task<Void> awaits(boolean first) {
        await(sleep(1));
        await(first ? b : a);
        return Task.done();
    }

    @Async
    static Task<Void> main() {
        a = createTask(() -> awaits(true), "a");
        b = createTask(() -> awaits(false), "b");
        await(sleep(20)); // a awaits b, b awaits a
        boolean cancelled = a.cancel();
        System.out.println("cancel: " + cancelled + ", cancelling: " + a.cancelling() + ", done: " + a.isDone());
        System.out.flush();
        Runtime.getRuntime().halt(0);
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(TaskCycleChild::main);
    }
}
