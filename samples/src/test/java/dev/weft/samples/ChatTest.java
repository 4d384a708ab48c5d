package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class ChatTest {
    static final String EXPECTED = "alice, bob, carol and dave joined; carol stalls, the others count to 30\n"
            + "alice got every message, 1 to 30 in order\n"
            + "bob got every message, 1 to 30 in order\n"
            + "dave got every message, 1 to 30 in order\n"
            + "carol wakes up\n"
            // one message in flight, then the eight her queue holds; the 21 after them are lost
            + "carol reads alice: 1\n"
            + "carol reads bob: 2\n"
            + "carol reads dave: 3\n"
            + "carol reads alice: 4\n"
            + "carol reads bob: 5\n"
            + "carol reads dave: 6\n"
            + "carol reads alice: 7\n"
            + "carol reads bob: 8\n"
            + "carol reads dave: 9\n"
            + "carol reads *** you missed 21 messages while your queue was full\n";

    @Test
    void theFastMembersGetEveryMessageWhileTheStalledOneLosesWhatItsQueueCannotHold() {
        SampleOutput out = SampleOutput.run(() -> Chat.main(new String[0]));
        assertEquals(EXPECTED, out.text);
        assertTrue(out.millis < 5000, "took " + out.millis + " ms");
    }

    @Test
    void closesEverySocket() throws InterruptedException {
        assumeTrue(OpenFiles.countable(), "no /proc/self/fd");
        SampleOutput.run(() -> Chat.main(new String[0]));     // loads what the run needs first
        long before = OpenFiles.count();
        SampleOutput.run(() -> Chat.main(new String[0]));
        long after = OpenFiles.settled(before);
        assertTrue(after <= before, () -> "sockets and selectors: " + before + " before, " + after + " after");
    }
}
