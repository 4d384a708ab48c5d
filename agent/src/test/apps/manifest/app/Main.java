package app;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;

/** Runs from a sealed jar with an Implementation-Version; the first class loaded from it is woven. */
public class Main {
    @Async
    Task<String> version() {
        await(sleep(10));
        return Task.of(Main.class.getPackage().getImplementationVersion());
    }

    public static void main(String[] args) {
        System.out.println("version " + Weft.run(() -> new Main().version()));
        System.out.println("sealed " + Main.class.getPackage().isSealed());
    }
}
