package app;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;

public class Work {
    @Async
    static Task<Integer> work(int n) {
        int unreadAfterAwait = n * 7;
        await(sleep(10));
        return Task.of(n * 2);
    }

    public static void main(String[] args) {
        System.out.println(Weft.run(() -> work(3)));
    }
}
