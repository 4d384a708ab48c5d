package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeoutsTest {
    @Test
    void theSlowOperationTimesOutAfterThreeSeconds() {
        SampleOutput out = SampleOutput.run(() -> Timeouts.main(new String[0]));
        assertEquals("Operation timed out!\n", out.text);
        assertTrue(out.millis >= 2990 && out.millis < 5500, "took " + out.millis + " ms");
    }
}
