package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BlockingSleepTest {
    private static final Pattern MILLIS = Pattern.compile("(\\d+) ms");

    @Test
    void debugModeNamesTheCoroutineAndTheBlockingLineAndAwaitingSleepRunsBothAtOnce() {
        SampleOutput out = SampleOutput.run(() -> BlockingSleep.main(new String[0]));
        int resumedAt = SampleSources.lineAfter("BlockingSleep", "handleBlocking(String", "await(sleep(50));");
        int blockedAt = SampleSources.lineOf("BlockingSleep", "Thread.sleep(400);");
        String report = "[debug] Executing coroutine dev.weft.samples.BlockingSleep.handleBlocking resumed at"
                + " (BlockingSleep.java:" + resumedAt + ") took N ms: the loop was blocked at"
                + " dev.weft.samples.BlockingSleep.handleBlocking(BlockingSleep.java:" + blockedAt + ")"
                + " (use toThread(...) for blocking or CPU-bound work)\n";
        assertEquals("Thread.sleep(400) in two handlers, debug mode on:\n"
                + report + report
                + "[a handled, b handled] in N ms\n"
                + "await(sleep(400)) in two handlers, debug mode on:\n"
                + "[a handled, b handled] in N ms\n",
                MILLIS.matcher(out.text).replaceAll("N ms"));

        List<Long> millis = new ArrayList<>();
        Matcher m = MILLIS.matcher(out.text);
        while (m.find()) {
            millis.add(Long.parseLong(m.group(1)));
        }
        // Each blocked step took its 400 ms; blocking, the handlers took turns; awaiting, they overlapped.
        assertTrue(millis.get(0) >= 395 && millis.get(1) >= 395, "steps took " + millis);
        assertTrue(millis.get(2) >= 840, "the blocking handlers took " + millis.get(2) + " ms");
        assertTrue(millis.get(3) >= 440 && millis.get(3) < 800, "the awaiting handlers took " + millis.get(3) + " ms");
        assertTrue(out.millis < 4000, "took " + out.millis + " ms");
    }
}
