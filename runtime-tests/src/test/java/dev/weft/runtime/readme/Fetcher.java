package dev.weft.runtime.readme;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import static dev.weft.Weft.*;

class Fetcher {
    @Async Task<String> fetchData(String name, long delayMs) {
        System.out.println("Fetching " + name + "...");
        await(sleep(delayMs));                       // suspends, does not block
        return Task.of(name + " data");
    }

    @Async Task<Void> main() {
        String users = await(fetchData("users", 200));
        System.out.println(users);
        return Task.done();
    }

    public static void main(String[] args) { Weft.run(() -> new Fetcher().main()); }
}
