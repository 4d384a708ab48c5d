package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;

/**
 * asyncio overview, "Common Pitfalls": all coroutines must be awaited. {@link #forgetful()} calls
 * {@link #save(String)} and drops its task: the build prints the weaver's warning for that line
 * ({@code the task returned by save() is discarded without being awaited}), and at run time the
 * main task ends first, so the save never finishes. {@link #careful()} awaits it.
 */
public final class ForgottenAwait {
    static volatile boolean saved;

    @Async
    static Task<Void> save(String what) {
        await(sleep(200));                                     // writing it out takes a while
        saved = true;
        System.out.println("saved " + what);
        return Task.done();
    }

    @Async
    static Task<Void> forgetful() {
        save("report");                                        // WRONG: forgotten await (the weaver warns)
        System.out.println("forgetful() is done");
        return Task.done();
    }

    @Async
    static Task<Void> careful() {
        await(save("report"));                                 // right
        System.out.println("careful() is done");
        return Task.done();
    }

    public static void main(String[] args) {
        saved = false;
        System.out.println("Without await:");
        Weft.run(ForgottenAwait::forgetful);
        System.out.println("report saved: " + saved);
        System.out.println("With await:");
        Weft.run(ForgottenAwait::careful);
        System.out.println("report saved: " + saved);
    }
}
