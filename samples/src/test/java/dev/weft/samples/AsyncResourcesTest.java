package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AsyncResourcesTest {
    @Test
    void asyncWithThenCountdownEveryHalfSecond() {
        SampleOutput out = SampleOutput.run(() -> AsyncResources.main(new String[0]));
        assertEquals("Acquiring resource\nUsing resource\nReleasing resource\n5\n4\n3\n2\n1\n", out.text);
        assertTrue(out.millis >= 2490 && out.millis < 4500, "took " + out.millis + " ms");
    }
}
