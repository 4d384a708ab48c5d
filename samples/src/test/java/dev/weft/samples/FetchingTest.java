package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class FetchingTest {
    static final String EXPECTED = "Fetching users...\nFetching posts...\nFetching comments...\n"
            + "[users data, posts data, comments data]\n";

    @Test
    void twoFetchesAtATimeOverSocketsTakeAboutFourHundredMilliseconds() {
        SampleOutput out = SampleOutput.run(() -> Fetching.main(new String[0]));
        assertEquals(EXPECTED, out.text);
        // comments (300 ms) starts when posts (100 ms) is done: 400 ms at least, 600 one after the other
        assertTrue(out.millis >= 395 && out.millis < 3000, "took " + out.millis + " ms");
    }

    @Test
    void closesEverySocket() throws InterruptedException {
        assumeTrue(OpenFiles.countable(), "no /proc/self/fd");
        SampleOutput.run(() -> Fetching.main(new String[0]));  // loads what the run needs first
        long before = OpenFiles.count();
        SampleOutput.run(() -> Fetching.main(new String[0]));
        long after = OpenFiles.settled(before);
        assertTrue(after <= before, () -> "sockets and selectors: " + before + " before, " + after + " after");
    }
}
