package dev.weft.runtime.readme;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Task dump" and "Stall report" snippets, run. */
class ReadmeDumpExamplesTest {
    @Async
    static Task<Void> work() {
        await(sleep(50));
        return Task.done();
    }

    @Async
    static Task<Integer> main() {
        Task<Void> worker = createTask(ReadmeDumpExamplesTest::work, "worker");
        await(sleep(0));
        Weft.dumpTasks(System.err);                     // every live task of this loop, as a tree
        List<StackTraceElement> at = worker.stack();    // one task's await sites, innermost first
        worker.dump();                                  // one task, as asyncio's print_stack()
        await(worker);
        return Task.of(at.size());
    }

    @Test
    void theDumpSnippetsRun() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int frames;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            frames = Weft.run(() -> main(), RunOptions.defaults().withStallReport(Duration.ofSeconds(10)));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(1, frames);
        assertTrue(o.toString(StandardCharsets.UTF_8).startsWith("Task 'worker' (waiting)\n    at "), o.toString());
        assertTrue(e.toString(StandardCharsets.UTF_8).startsWith("Task dump of loop '"), e.toString());
    }
}
