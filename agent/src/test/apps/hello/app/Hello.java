package app;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;

public class Hello {
    @Async
    Task<Void> main() {
        System.out.println("Hello");
        await(sleep(50));
        System.out.println("World");
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(() -> new Hello().main());
    }
}
