package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Debug mode's side table of task states: filled by a loop in debug mode, emptied as its tasks are collected. */
@Timeout(60)
class DebugStateTest {

    @Test
    void aDebugRunsStatesLeaveTheTableOnceItsTasksAreCollected() throws InterruptedException {
        int before = DebugState.inUse();
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        int[] during = new int[1];
        List<Integer> values = Weft.run(() -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int v = i;
                tasks.add(Weft.createTask(() -> Task.of(v)));
            }
            during[0] = DebugState.inUse() - before;
            return Weft.gather(tasks);
        }, RunOptions.defaults().withDebug(true).withReporter((m, e) -> reports.add(m)));
        assertEquals(100, values.size());
        assertTrue(during[0] >= 101, "the main task and its 100 tasks are tracked: " + during[0]);
        long end = System.nanoTime() + 30_000_000_000L;
        while (DebugState.inUse() > before && System.nanoTime() < end) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(DebugState.inUse() <= before, () -> DebugState.inUse() + " states left, " + before + " before");
        assertEquals(List.of(), reports); // every task was awaited (by the gather, the main task by run)
    }
}
