package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SynchronizationTest {
    @Test
    void theLockSerialisesAndTheSemaphoreLetsThreeThrough() {
        SampleOutput out = SampleOutput.run(() -> Synchronization.main(new String[0]));
        assertEquals("A has the lock\nB has the lock\n"
                + "1 running (max 3 at a time)\n2 running (max 3 at a time)\n3 running (max 3 at a time)\n"
                + "4 running (max 3 at a time)\n", out.text);
        assertTrue(out.millis >= 3990 && out.millis < 6500, "took " + out.millis + " ms");
    }
}
