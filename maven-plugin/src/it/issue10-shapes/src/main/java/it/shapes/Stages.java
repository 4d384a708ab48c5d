package it.shapes;

import static dev.weft.Weft.await;
import static it.shapes.Main.value;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Item 10: awaiting, and returning from an @Async method, every kind of CompletionStage the JDK makes.
 */
final class Stages {
    private Stages() {
    }

    @Async
    static Task<String> stages() {
        int done = await(CompletableFuture.completedStage(1));
        String failed;
        try {
            await(CompletableFuture.failedStage(new IllegalStateException("boom")));
            failed = "not thrown";
        } catch (IllegalStateException e) {
            failed = e.getMessage();
        }
        CompletableFuture<Integer> cf = new CompletableFuture<>();
        CompletionStage<Integer> minimal = cf.minimalCompletionStage();
        Weft.createTask(() -> complete(cf, 2));
        int later = await(minimal);
        int minimalDone = await(cf.minimalCompletionStage());
        int returned = await(suspendThenMinimal(3));
        return Task.of(done + " " + failed + " " + later + " " + minimalDone + " " + returned);
    }

    @Async
    static Task<Void> complete(CompletableFuture<Integer> cf, int v) {
        await(value(null));
        cf.complete(v);
        return Task.done();
    }

    /** Suspends, then returns a minimal stage. */
    @Async
    static CompletionStage<Integer> suspendThenMinimal(int v) {
        await(Weft.sleep(1));
        return CompletableFuture.completedStage(v);
    }
}
