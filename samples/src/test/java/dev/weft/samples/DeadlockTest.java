package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeadlockTest {
    /** The sample's output, with the await lines of its source (the dump's "at" lines). */
    static String expected() {
        int main = SampleSources.lineOf("Deadlock", "await(waitFor(gather(alice, bob)");
        int second = SampleSources.lineOf("Deadlock", "await(second.acquire())");
        return "Stall: no task made progress for 1.000 s (RunOptions.withStallReport).\n"
                + "Task dump of loop 'main' (3 tasks):\n"
                + "Task 'Task-1' (waiting)\n"
                + "    at dev.weft.samples.Deadlock.main(Deadlock.java:" + main + ")\n"
                + "    waits on timeout scope, 3.990 s left (until 5.000 s on the loop clock)\n"
                + "    gather of 2\n"
                + "        Task 'alice' (waiting)\n"
                + "            at dev.weft.samples.Deadlock.transfer(Deadlock.java:" + second + ")\n"
                + "            waits on AsyncLock held by Task 'bob'\n"
                + "        Task 'bob' (waiting)\n"
                + "            at dev.weft.samples.Deadlock.transfer(Deadlock.java:" + second + ")\n"
                + "            waits on AsyncLock held by Task 'alice'\n"
                + "Gave up after 5 s: alice cancelled: true, bob cancelled: true\n";
    }

    @Test
    void theStallReportShowsWhichTaskHoldsWhichLockThenTheTimeoutEndsTheRun() {
        SampleOutput out = SampleOutput.run(() -> Deadlock.main(new String[0]));
        assertEquals(expected(), out.text);
        // a virtual clock: five seconds of loop time, and a short real wait before the stall counts
        assertTrue(out.millis < 3000, "took " + out.millis + " ms");
    }
}
