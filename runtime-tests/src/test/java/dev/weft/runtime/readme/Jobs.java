package dev.weft.runtime.readme;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import static dev.weft.Weft.*;

class Jobs {
    @Async Task<Void> sleepsLong() {
        await(sleep(Duration.ofHours(1)));
        return Task.done();
    }

    @Async Task<Void> worker() {
        await(sleepsLong());
        return Task.done();
    }

    @Async Task<Void> main() {
        Task<Void> w = createTask(() -> worker());
        await(sleep(10));
        w.cancel("enough");
        await(w);
        return Task.done();
    }

    public static void main(String[] args) { Weft.run(() -> new Jobs().main()); }
}
