package dev.weft.runtime.readme;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.List;
import static dev.weft.Weft.*;

class Orders {
    @Async Task<String> fetch(int id) {
        await(sleep(10));
        throw new IllegalStateException("order " + id + " not found");
    }

    @Async Task<List<String>> loadAll() {
        return Task.of(List.of(await(fetch(1)), await(fetch(2))));
    }

    @Async Task<Void> main() {
        Task<List<String>> orders = createTask(() -> loadAll());
        System.out.println(await(orders));
        return Task.done();
    }

    public static void main(String[] args) { Weft.run(() -> new Orders().main()); }
}
