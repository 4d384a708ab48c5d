package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.weaver.harness.WovenProgram;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Awaiting a task that is already done continues inline and allocates nothing. */
class FastPathAllocationTest {
    private static final String SOURCE = """
            package p;
            import dev.weft.*;
            import static dev.weft.Weft.*;
            public class Hot {
                static final Task<String> DONE = Task.of("x");
                static final Task<Integer> RESULT = Task.of(0);
                @Async static Task<Integer> spin(int n) {
                    int len = 0;
                    for (int i = 0; i < n; i++) {
                        len += await(DONE).length();
                    }
                    return len == n ? RESULT : Task.failed(new AssertionError(len));
                }
            }
            """;

    @Test
    void awaitsOnDoneTasksDoNotAllocate() {
        WovenProgram w = WovenProgram.compile("p.Hot", SOURCE);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        spin(w, 10_000); // warm up: class init, the first calls

        long before = threads.getThreadAllocatedBytes(tid);
        spin(w, 1_000);
        long few = threads.getThreadAllocatedBytes(tid) - before;

        before = threads.getThreadAllocatedBytes(tid);
        spin(w, 201_000);
        long many = threads.getThreadAllocatedBytes(tid) - before;

        // 200,000 more awaits; even 1 byte each would show as 200 KB. Reflection costs the same in both.
        assertTrue(many - few < 16 * 1024, "awaits allocated " + (many - few) + " bytes more for 200,000 more awaits");
    }

    private static void spin(WovenProgram w, int n) {
        Task<?> t = (Task<?>) w.call("p.Hot", "spin", n);
        assertEquals(0, t.result());
    }
}
