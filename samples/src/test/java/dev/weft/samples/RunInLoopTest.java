package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunInLoopTest {
    static final String EXPECTED = "Weft.run(...) inside async code: Weft.run() cannot be called from a running"
            + " event loop; use await(...) instead\n"
            + "await(answer()) = 42\n";

    @Test
    void weftRunInsideALoopThrowsAndSaysToAwait() {
        SampleOutput out = SampleOutput.run(() -> RunInLoop.main(new String[0]));
        assertEquals(EXPECTED, out.text);
        assertTrue(out.millis >= 90 && out.millis < 2000, "took " + out.millis + " ms");
    }
}
