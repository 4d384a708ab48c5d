package dev.weft.runtime.dump;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.LoopClock;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskDumpTest {
    private static final RunOptions VIRTUAL = RunOptions.defaults().withClock(LoopClock.virtual());

    @Async
    static Task<Void> nap(long ms) {
        await(sleep(ms)); // @nap
        return Task.done();
    }

    @Async
    static Task<Void> napTwice(long ms) {
        await(nap(ms)); // @napTwice
        return Task.done();
    }

    @Test
    void aGatherTree() {
        String dump = Weft.run(() -> {
            Task<Void> a = createTask(() -> napTwice(1000), "a");
            Task<Void> b = createTask(() -> nap(2000), "b");
            Task<List<Void>> both = gather(a, b);
            Task<Void> parent = createTask(() -> {
                await(both); // @parent
                return Task.done();
            }, "parent");
            await(sleep(500));
            StringBuilder out = new StringBuilder();
            Weft.dumpTasks(out);
            parent.cancel();
            return Task.of(out.toString());
        }, VIRTUAL);
        System.out.println(dump);
    }
}
